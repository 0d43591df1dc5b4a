// Every form in dost gives back what the user typed when the server refuses it (issue #12
// item 1): a refused form that comes back reset is how a refusal once became a grant.
//
// The forms are found, not listed, so that a form added later is covered without editing this
// test: the route registry (`dost routes --json`) names every page; as each role (and a
// citizen) the test walks the pages it can open, one page per route, and on each page fills
// every form that has something to type or choose with unusual values — text most fields
// refuse, another option in every list, every box toggled — bypasses the browser's own checks,
// and sends it. The server either accepts it (it answers with a redirect) or answers with the
// same form, every field as it was sent (passwords and files excepted). Anything else — the
// form gone, a field reset — fails. Finally every page of the registry must have been reached
// by some role, or be named in `unreached` with the reason, so that a new page cannot hide
// from the walk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, launch, signIn } from './server.mjs';

// Pages the walk cannot reach by following links, and why they need no form check here.
const unreached = {
  '/login': 'signing in: the walk is signed in; signin.test.mjs fills these forms',
  '/login/code': 'signing in: the walk is signed in; signin.test.mjs fills these forms',
  '/e-social/login': 'signing in: the walk is signed in; signin.test.mjs fills these forms',
  '/e-social/oidc/start': 'a redirect to the identity provider, not a page',
  '/e-social/oidc/callback': 'the identity provider\'s return, not a page',
  '/kiosk/{centre}': 'a device screen opened by its address on the kiosk; singlewindow.test.mjs walks it',
  '/board/{centre}': 'a device screen opened by its address on the board; singlewindow.test.mjs walks it',
  '/board/{centre}/live': 'the board\'s live fragment, not a page',
  '/desks/{centre}/{desk}/rating': 'the rating tablet at a desk, opened by its address; singlewindow.test.mjs walks it',
  '/rate/{token}': 'the rating link texted to a citizen; singlewindow.test.mjs walks it',
  '/payroll/files/{id}/{name}': 'a bank file download, not a page',
  '/applications/{uuid}/documents/{id}': 'a document download, not a page',
  '/applications/{uuid}/letter': 'a decision letter (PDF), not a page; print.test.mjs downloads it',
  '/e-social/applications/{uuid}/letter': 'a decision letter (PDF), not a page; print.test.mjs downloads it',
  '/desk/waiting': 'the desk\'s waiting list, refreshed into the desk page; queue.test.mjs reads it',
  '/applications/new': 'opened from the desk for the ticket being served; singlewindow.test.mjs files through it',
  // What the demo's lived weeks (demo.Life) do not make:
  '/admin/users/{id}/tokens': 'no member of staff holds an API token in the demo',
  '/e-social/appeals/{uuid}': 'the demo citizen the walk signs in as has filed no appeal',
  '/e-social/certificates/{code}': 'no citizen has asked for an e-certificate in the demo',
  '/programs/{code}/dry-runs/{id}': 'no analyst has dry-run a rule in the demo; benefits.test.mjs does',
  '/programs/{code}/rules/diff': 'no programme has a second rule version in the demo, so no link to compare two; rules.test.mjs compares them',
  '/imports/income/{id}': 'no file has been imported in the demo; income.test.mjs imports one',
  '/imports/income/{id}/errors.csv': 'a download of an import\'s bad lines, not a page',
};

const accounts = ['admin', 'front', 'officer', 'social', 'employment', 'finance', 'analyst', 'auditor', 'manager'];
const MAX_PAGES = 70; // per account: one page per route, the walk's bound

let browser;
let routes; // GET routes of the registry, each with a matcher
const reached = new Set();
let refused = 0; // forms the server refused and gave back: the test must have checked some

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function registry(server) {
  const bin = process.env.DOST_BIN || join(process.cwd(), '..', 'bin', 'dost');
  const out = execFileSync(bin, ['routes', '--json']);
  return JSON.parse(out).filter((r) => r.method === 'GET' && !r.path.startsWith('/api/')).map((r) => ({ ...r, re: matcher(r.path), wild: (r.path.match(/\{/g) || []).length }));
}

// matcher turns a ServeMux pattern into a regular expression over a path.
function matcher(pattern) {
  const src = pattern.replace(/\{\$\}$/, '').split(/(\{[^}]+\})/).map((part) => {
    if (/^\{[^}]+\.\.\.\}$/.test(part)) return '.*';
    if (/^\{[^}]+\}$/.test(part)) return '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp('^' + src + '$');
}

// route is the most specific registered page a path opens (ServeMux's own precedence:
// fewer wildcards first).
function route(path) {
  return routes.filter((r) => r.re.test(path)).sort((a, b) => a.wild - b.wild)[0];
}

// describe lists the forms of the page that a user fills in: method POST, at least one field
// to type in or choose.
async function describe(page) {
  return page.$$eval('form', (forms) => forms.map((f, i) => {
    const editable = [...f.elements].filter((el) => el.name && !el.disabled && !el.readOnly &&
      !['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image'].includes((el.type || '').toLowerCase()) &&
      !(el.tagName === 'SELECT' && el.options.length < 2));
    return { i, action: f.getAttribute('action') || '', post: (f.method || '').toLowerCase() === 'post', editable: editable.length };
  }).filter((f) => f.post && f.editable > 0));
}

// fill gives every field of form i an unusual value and sends it through its first submit
// button (without the confirmation dialog and the browser's checks), returning what it typed.
async function fill(page, i) {
  return page.$$eval('form', (forms, i) => {
    const f = forms[i];
    f.noValidate = true;
    f.dataset.confirmed = '1';
    const typed = {};
    const radios = new Set();
    const nth = {};
    [...f.elements].forEach((el) => {
      const type = (el.type || '').toLowerCase();
      if (!el.name) return;
      const key = `${el.name}#${nth[el.name] = (nth[el.name] ?? -1) + 1}`; // the name's n-th field
      if (el.disabled || el.readOnly || ['hidden', 'password', 'file', 'submit', 'button', 'reset', 'image'].includes(type)) return;
      if (el.tagName === 'SELECT') {
        const opts = [...el.options].filter((o) => !o.disabled && o.value !== el.value);
        if (opts.length === 0) return;
        el.value = opts[opts.length - 1].value;
        typed[key] = el.value;
      } else if (type === 'checkbox') {
        el.checked = !el.checked;
        typed[key] = el.checked;
      } else if (type === 'radio') {
        if (radios.has(el.name)) return;
        radios.add(el.name);
        const group = [...f.elements].filter((r) => r.type === 'radio' && r.name === el.name);
        group[group.length - 1].checked = true;
        typed[`${el.name}#radio`] = group[group.length - 1].value;
      } else {
        el.value = { date: '1901-02-03', number: '-7', month: '1901-02', 'datetime-local': '1901-02-03T04:05', time: '04:05' }[type] ?? 'Zz-7 "ə" <i>';
        typed[key] = el.value;
      }
    });
    const submitter = [...f.elements].find((el) => el.type === 'submit');
    f.requestSubmit(submitter);
    return typed;
  }, i);
}

// kept reads the fields of the form with the given action on the page the server answered
// with, keyed as fill keyed them, or null when that form is not there.
async function kept(page, action) {
  return page.$$eval('form', (forms, action) => {
    const f = forms.find((f) => (f.getAttribute('action') || '') === action && (f.method || '').toLowerCase() === 'post');
    if (!f) return null;
    const out = {};
    const nth = {};
    [...f.elements].forEach((el) => {
      const type = (el.type || '').toLowerCase();
      if (!el.name) return;
      const key = `${el.name}#${nth[el.name] = (nth[el.name] ?? -1) + 1}`;
      if (type === 'checkbox') out[key] = el.checked;
      else if (type === 'radio') { if (el.checked) out[`${el.name}#radio`] = el.value; }
      else out[key] = el.value;
    });
    return out;
  }, action);
}

async function walk(server, page, login, start) {
  const queue = [...start];
  const seen = new Set();
  const checked = new Set(); // form actions already sent, by their route
  const problems = [];
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const path = queue.shift();
    const r = route(path);
    if (!r || seen.has(r.path)) continue;
    seen.add(r.path);
    let resp;
    try {
      resp = await page.goto(server.url + path);
    } catch (e) {
      if (!/Download is starting/.test(e.message)) throw e;
      reached.add(r.path); // a link to a download: reached, and no form in it
      continue;
    }
    if (resp.status() !== 200 || !(resp.headers()['content-type'] || '').startsWith('text/html')) continue;
    reached.add(r.path);
    for (const href of await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')))) {
      const p = href.split(/[?#]/)[0];
      if (!p.startsWith('/api/') && !p.startsWith('/static/')) queue.push(p);
    }
    for (const form of await describe(page)) {
      const key = form.action.replace(/\/[0-9A-Za-z-]{5,}(?=\/|$)/g, '/{x}');
      if (checked.has(key)) continue;
      checked.add(key);
      if (page.url() !== server.url + path) await page.goto(server.url + path);
      const [nav, typed] = await Promise.all([page.waitForNavigation({ timeout: 15000 }).catch(() => null), fill(page, form.i)]);
      if (!nav) continue; // a download, or a page that answered without navigating
      if (nav.request().redirectedFrom()) continue; // accepted: the unusual values were valid here
      const back = await kept(page, form.action);
      const where = `${login}: ${path} → POST ${form.action} (${nav.status()})`;
      if (back === null) {
        problems.push(`${where}: the answer does not give the form back`);
        continue;
      }
      refused++;
      for (const [field, value] of Object.entries(typed)) {
        if (back[field] !== value) problems.push(`${where}: ${field.split('#')[0]} was ${JSON.stringify(value)}, came back ${JSON.stringify(back[field])}`);
      }
    }
  }
  if (process.env.FORMS_DEBUG) console.log(login, [...seen].join(' '));
  return problems;
}

test('every form gives back what was typed when it is refused, for every role', async () => {
  const problems = [];
  for (const login of [...accounts, 'citizen']) {
    const server = await startServer(); // a database of its own: the walk sends forms that succeed
    try {
      routes ??= registry(server);
      // A citizen the demo names: the search pages show no person until asked, so the walk
      // starts at one's card too.
      const fin = execFileSync(process.env.DOST_BIN || join(process.cwd(), '..', 'bin', 'dost'),
        ['demo', '--credentials', '--db', server.db], { env: { ...process.env, DOST_DEMO: '1' } }).toString().match(/e\.g\. (\w+)/)[1];
      let page;
      if (login === 'citizen') {
        page = await browser.newPage();
        await page.goto(server.url + '/e-social/login');
        await page.fill('input[name=fin]', fin);
        await page.press('input[name=fin]', 'Enter');
        await page.waitForURL((u) => !u.pathname.endsWith('/login'));
      } else {
        page = await signIn(browser, server.url, login);
      }
      problems.push(...await walk(server, page, login, login === 'citizen' ? ['/e-social'] : ['/', `/persons/${fin}`]));
      await page.close();
    } finally {
      await server.stop();
    }
  }
  console.log(`forms refused and given back: ${refused}; pages reached: ${reached.size} of ${routes.length}`);
  assert.deepEqual(problems, []);
  assert.ok(refused >= 15, `only ${refused} forms were refused and checked: the walk found too few forms`);
  const missed = routes.map((r) => r.path).filter((p) => !reached.has(p) && !unreached[p]);
  console.log(`missed: ${JSON.stringify(missed)}`);
  assert.deepEqual(missed, [], 'pages no role reached by following links: link them, or name them in unreached with the reason');
});
