// Work queues: the front office files three applications; a manager filters the applications
// list to the service, checks two and assigns them to an officer at once; the officer's home
// is "my work" with both; the manager records that the officer is away with themself as the
// substitute, and then finds the officer's work in their own "my work", marked as a
// substitution; the filtered list downloads as CSV with exactly the filtered rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

// bakuDay is the calendar date in Baku (UTC+4) days from now, as YYYY-MM-DD.
const bakuDay = (days) => new Date(Date.now() + 4 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

// total is the number of applications the list at path counts.
const total = async (page, path) => {
  await page.goto(server.url + path);
  return Number((await page.locator('#list-total').innerText()).match(/\d+/)[0]);
};

test('assign several at once, my work, a substitute, the filtered list as CSV', async () => {
  mkdirSync('artifacts', { recursive: true });
  // what the demo's weeks left open (a TSSA case the rule referred to an officer, say)
  const manager = await signIn(browser, server.url, 'manager');
  const open = await total(manager, '/applications?service=02-01-01-00');
  const officers = await total(manager, '/applications?service=02-01-01-00&assignee=officer');
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/persons?q=Mamedov');
  const fins = (await front.locator('#results tbody tr td.mono a').allInnerTexts()).map((s) => s.trim()).slice(0, 3);
  assert.equal(fins.length, 3);
  const numbers = [];
  for (const fin of fins) {
    await front.goto(server.url + '/applications/new?service=02-01-01-00&centre=DOST-1&desk=2');
    await front.fill('#f-fin', fin);
    for (const doc of ['id_card', 'income_statement', 'residence_certificate']) {
      await front.check(`input[name=paper][value=${doc}]`); // seen on paper at the desk
    }
    await front.click('form[enctype] button.primary');
    await front.waitForURL(/filed=1/);
    numbers.push((await front.locator('h1').innerText()).match(/\d{4}-\d{7}/)[0]);
  }

  await manager.goto(server.url + '/applications');
  await manager.selectOption('#f-service', '02-01-01-00');
  await manager.click('#apply-filters');
  await manager.waitForURL(/service=02-01-01-00/);
  assert.match(await manager.locator('#list-total').innerText(), new RegExp(`\\b${open + 3}\\b`));
  await manager.check(`input[name=id][aria-label="${numbers[0]}"]`);
  await manager.check(`input[name=id][aria-label="${numbers[1]}"]`);
  await manager.selectOption('#f-officer', 'officer');
  await manager.click('#assign');
  await manager.waitForURL(/assigned=2/);
  assert.match(manager.url(), /service=02-01-01-00/, 'the list comes back with its filter');
  assert.match(await manager.locator('.flash.ok').innerText(), /2/);

  const officer = await signIn(browser, server.url, 'officer');
  assert.match(officer.url(), /\/work$/, "my work is the officer's home");
  const mine = await officer.locator('#applications').innerText();
  assert.ok(mine.includes(numbers[0]) && mine.includes(numbers[1]) && !mine.includes(numbers[2]));

  await manager.goto(server.url + '/absences');
  await manager.selectOption('#f-officer', 'officer');
  await manager.selectOption('#f-substitute', 'manager');
  await manager.fill('#f-from', bakuDay(0));
  await manager.fill('#f-to', bakuDay(7));
  await manager.click('#record-absence');
  await manager.waitForURL(/saved=1/);
  assert.match(await manager.locator('#absences').innerText(), /officer/);
  await manager.goto(server.url + '/work');
  const covered = manager.locator('#applications tr', { hasText: numbers[0] });
  await covered.locator('.badge.substitution').waitFor();
  await manager.screenshot({ path: 'artifacts/my-work-substitution.png', fullPage: true });

  await manager.goto(server.url + '/applications?service=02-01-01-00&assignee=officer');
  const [download] = await Promise.all([manager.waitForEvent('download'), manager.click('#download-csv')]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.equal(csv.length, 1 + officers + 2, 'a header, what the officer had, and the two assigned applications');
  assert.ok(csv.some((l) => l.includes(numbers[0])) && csv.some((l) => l.includes(numbers[1])));
});
