// Print views and the decision letter (#12 item 14): the operator prints the receipt of an
// application they filed, the officer decides it and downloads the decision letter, the
// citizen downloads the same letter in e-social, a person's card and a payroll cycle's
// totals print — each a page of its own with a "Print" button, and, printed, without the
// navigation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn, confirm } from './server.mjs';

let server, browser;
// A bare demo (--demo-life=false): the month's TSSA cycle is this journey's to prepare.
before(async () => { server = await startServer({ args: ['--demo-life=false'] }); browser = await launch(); mkdirSync('artifacts', { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

const scan = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

// printable checks that a print view has its Print button on screen, and that printed
// (print media) neither the navigation nor the button shows while the document does.
async function printable(page, doc, shot) {
  await page.waitForSelector(doc);
  assert.ok(await page.locator('#print').isVisible(), 'no Print button');
  assert.ok(await page.locator('header.top').isVisible());
  await page.emulateMedia({ media: 'print' });
  await page.locator('header.top').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => assert.fail('the navigation is printed'));
  assert.ok(!(await page.locator('#print').isVisible()), 'the Print button is printed');
  assert.ok(await page.locator(doc).isVisible());
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.subarray(0, 5).toString() === '%PDF-');
  await page.screenshot({ path: `artifacts/${shot}.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
}

async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const stream = await d.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: d.suggestedFilename(), body: Buffer.concat(chunks) };
}

test('receipt, decision letter for officer and citizen, card and cycle print views', async () => {
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/persons?q=Mamedov');
  const fin = (await front.locator('#results tbody tr td.mono a').first().innerText()).trim();

  await front.click(`#results a:has-text("${fin}")`);
  await front.click('#print-card');
  await front.waitForURL(/\/print$/);
  assert.match(await front.locator('#person-print h1').innerText(), /\S/);
  assert.match(await front.locator('#person-print').innerText(), new RegExp(fin));
  await printable(front, '#person-print', 'print-card');

  await front.goto(server.url + '/applications/new?service=02-01-01-00');
  await front.fill('#f-fin', fin);
  await front.setInputFiles('#f-doc_id_card', { name: 'id-card.pdf', mimeType: 'application/pdf', buffer: scan });
  await front.setInputFiles('#f-doc_income_statement', { name: 'income.pdf', mimeType: 'application/pdf', buffer: scan });
  await front.check('input[name=paper][value=residence_certificate]');
  await front.click('form[enctype] button.primary');
  await front.waitForURL(/filed=1/);
  const number = (await front.locator('h1').innerText()).match(/\d{4}-\d{7}/)[0];
  assert.equal(await front.locator('#letter-link').count(), 0, 'a letter link before any decision');
  await front.click('#receipt-link');
  const receipt = await front.locator('#receipt').innerText();
  assert.match(receipt, new RegExp(number));
  assert.match(receipt, /kağız üzərində təqdim edilib/);
  assert.match(await front.locator('#receipt-due').innerText(), /^\d{2}\.\d{2}\.\d{4}$/);
  await printable(front, '#receipt', 'print-receipt');

  const officer = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await officer.goto(server.url + '/login');
  await officer.fill('#f-login', 'officer');
  await officer.fill('#f-password', 'dost-demo-2026');
  await officer.press('#f-password', 'Enter');
  await officer.waitForURL((u) => !u.pathname.startsWith('/login'));
  await officer.goto(server.url + '/applications');
  await officer.click(`text=${number}`);
  await officer.click('button[data-to=in_review]');
  await officer.click('#decide');
  await confirm(officer, new RegExp(number));
  await officer.waitForSelector('#application-outcome');
  const letter = await download(officer, '#letter-link');
  assert.equal(letter.name, `decision-${number}.pdf`);
  assert.ok(letter.body.subarray(0, 5).toString() === '%PDF-');

  const citizen = await (await browser.newContext({ acceptDownloads: true, locale: 'az-AZ' })).newPage();
  await citizen.goto(server.url + '/e-social');
  await citizen.fill('#f-fin', fin);
  await citizen.click('form button.primary');
  await citizen.waitForURL(/\/e-social$/);
  await citizen.click(`#applications a:has-text("${number}")`);
  const mine = await download(citizen, '#decision-letter');
  assert.equal(mine.name, letter.name);
  assert.ok(mine.body.equals(letter.body), "the citizen's letter differs from the officer's");

  const finance = await signIn(browser, server.url, 'finance');
  await finance.goto(server.url + '/payroll');
  const earlier = finance.locator('#cycles tbody a').first(); // on PostgreSQL the browser tests share a database
  if (await earlier.count() > 0) {
    await earlier.click();
  } else {
    await finance.selectOption('#f-program', 'TSSA');
    await finance.click('form.card button.primary');
    await finance.waitForSelector('#cycle-status:has-text("hazırdır")', { timeout: 30000 });
  }
  await finance.click('#print-cycle');
  await finance.waitForURL(/\/print$/);
  assert.match(await finance.locator('#print-total').innerText(), /^\d{1,3}([\u00a0 ]\d{3})*,\d{2} ₼$/); // the reader's form: 1 234,56 ₼
  await printable(finance, '#cycle-print', 'print-cycle');
});
