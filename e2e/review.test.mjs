// A TSSA case the rule cannot decide, as the officer sees it (#12 item 3): a person
// registered at the desk with no income on record files for TSSA; the rule neither grants
// nor refuses — the application stays in review, marked on the officer's worklist, with the
// reason first on its page — and the officer refuses it on a ground. The household's utility
// cost is recorded on the card with its source, and a wrong figure comes back as typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn, confirm } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const scan = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('unknown income: the application waits for the officer, who sees why', async () => {
  mkdirSync('artifacts', { recursive: true });
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/persons/new');
  await front.fill('#f-fin', '7RV01Q1');
  await front.fill('#f-last_name', 'Nəsirova');
  await front.fill('#f-first_name', 'Gülnar');
  await front.fill('#f-birth_date', '1990-03-08');
  await front.selectOption('#f-sex', 'F');
  await front.click('button.primary');
  await front.waitForURL('**/persons/7RV01Q1?saved=1');
  await front.goto(server.url + '/persons/7RV01Q1?tab=household');
  await front.fill('#f-address', 'Nizami küç. 12, m. 4');
  await front.click('text=Bu şəxsi başçı kimi ailə yarat');
  await front.waitForURL(/tab=household&saved=1/);
  assert.match(await front.locator('#utility-cost').innerText(), /Məlum deyil/);

  await front.fill('#f-utility_cost', '-3');
  await front.selectOption('#f-utility_cost_source', 'declaration');
  await front.click('#utility-cost + form button.primary');
  assert.match(await front.locator('.flash.error').innerText(), /Aylıq xərci manatla/);
  assert.equal(await front.inputValue('#f-utility_cost'), '-3'); // what was typed comes back
  assert.equal(await front.inputValue('#f-utility_cost_source'), 'declaration');
  await front.fill('#f-utility_cost', '45.20');
  await front.click('#utility-cost + form button.primary');
  await front.waitForURL(/tab=household&saved=1/);
  assert.match(await front.locator('#utility-cost').innerText(), /45,20 ₼.*bəyannamə/);

  await front.goto(server.url + '/applications/new?service=02-01-01-00');
  await front.fill('#f-fin', '7RV01Q1');
  await front.setInputFiles('#f-doc_id_card', { name: 'id-card.pdf', mimeType: 'application/pdf', buffer: scan });
  await front.setInputFiles('#f-doc_income_statement', { name: 'income.pdf', mimeType: 'application/pdf', buffer: scan });
  await front.check('input[name=paper][value=residence_certificate]');
  await front.click('form[enctype] button.primary');
  await front.waitForURL(/filed=1/);
  const number = (await front.locator('h1').innerText()).match(/\d{4}-\d{7}/)[0];

  const officer = await signIn(browser, server.url, 'officer');
  await officer.goto(server.url + '/applications');
  await officer.click(`text=${number}`);
  await officer.click('button[data-to=in_review]');
  await officer.click('#decide');
  await confirm(officer, new RegExp(number));
  const notice = officer.locator('#needs-review');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Əməkdaşın baxışını tələb edir/);
  assert.match(await notice.innerText(), /gəliri son 12 ayın hamısı üçün qeydə alınmayıb/);
  assert.match(await officer.locator('#application-status').innerText(), /baxılır|baxış/i);
  await officer.screenshot({ path: 'artifacts/application-needs-review.png', fullPage: true });

  await officer.goto(server.url + '/applications');
  const row = officer.locator('#applications tbody tr', { hasText: number });
  assert.match(await row.locator('.badge.review').innerText(), /baxışını tələb edir/);

  await officer.click(`text=${number}`);
  await officer.selectOption('#f-review-ground', 'incomplete_documents');
  await officer.click('#refuse-review');
  await confirm(officer, new RegExp(number));
  await officer.waitForSelector('#application-outcome');
  assert.match(await officer.locator('#application-status').innerText(), /imtina|rədd/i);
  assert.equal(await officer.locator('#needs-review').count(), 0);
});
