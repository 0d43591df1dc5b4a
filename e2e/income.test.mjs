// Income records (#12 item 4 and item 3's card): an officer records a month's income on the
// person's card, with field errors that keep what was typed, and sees the twelve months a
// means test reads with the missing ones marked; then imports a file with a bad line, first
// refusing the whole file, then keeping the good lines, and downloads the error report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

// register makes a person without any income record.
async function register(page, fin) {
  await page.goto(server.url + '/persons/new');
  await page.fill('#f-fin', fin);
  await page.fill('#f-last_name', 'Həsənova');
  await page.fill('#f-first_name', 'Nigar');
  await page.selectOption('#f-sex', 'F');
  await page.fill('#f-birth_date', '1988-02-03');
  await page.click('button.primary');
  await page.waitForURL(`**/persons/${fin}?saved=1`);
}

function lastMonth() {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

test('officer records a month of income on the card; errors keep the input; the grid shows missing months', async () => {
  const page = await signIn(browser, server.url, 'officer');
  await register(page, '7ZZ88Q1');
  await page.click('text=Gəlir');
  await page.waitForURL(/tab=income/);
  assert.equal(await page.locator('#income-grid tbody tr.missing').count(), 12);
  assert.match(await page.locator('section.card').innerText(), /12 ay üçün qeyd yoxdur/);

  const month = lastMonth();
  await page.fill('#f-month', month);
  await page.fill('#f-amount', '12,345');
  await page.click('form.form-grid button.primary');
  assert.match(await page.locator('#e-amount').innerText(), /manat/);
  assert.match(await page.locator('#e-source').innerText(), /mənbə/);
  assert.equal(await page.inputValue('#f-amount'), '12,345');
  assert.equal(await page.inputValue('#f-month'), month);

  await page.fill('#f-amount', '450,50');
  await page.selectOption('#f-source', 'declaration');
  await page.click('form.form-grid button.primary');
  await page.waitForURL(/tab=income&income=added/);
  const row = page.locator(`#income-grid tbody tr[data-month="${month}"]`);
  assert.match(await row.innerText(), /450,50 ₼/);
  assert.match(await row.innerText(), /Mərkəzdə imzalanmış bəyannamə/);
  assert.match(await row.innerText(), /officer/);
  assert.equal(await page.locator('#income-grid tbody tr.missing').count(), 11);
  mkdirSync('artifacts', { recursive: true });
  await page.screenshot({ path: 'artifacts/person-income.png', fullPage: true });
});

// upload sends a CSV in a mode and waits for the import to end; it answers the import's page.
async function upload(page, csv, mode) {
  await page.goto(server.url + '/imports/income');
  await page.setInputFiles('#f-file', { name: 'income.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.check(`input[name=mode][value=${mode}]`);
  await page.click('form button.primary');
  await page.waitForURL(/\/imports\/income\/\d+$/);
  await page.waitForSelector('#import[data-state=done], #import[data-state=refused], #import[data-state=failed]', { timeout: 30000 });
  return page;
}

test('an import with a bad line: refused whole, or only the good lines kept; the error report names the line', async () => {
  const page = await signIn(browser, server.url, 'officer');
  await register(page, '7ZZ77Q1');
  const month = lastMonth();
  const csv = `fin,month,amount,source\n7ZZ77Q1,${month},300,employer\n7ZZ77Q1,2026-13,1,employer\n`;

  // the form keeps the chosen mode when the file is missing
  await page.goto(server.url + '/imports/income');
  await page.check('input[name=mode][value=all]');
  await page.click('form button.primary');
  assert.match(await page.locator('#e-file').innerText(), /CSV|XLSX/);
  assert.ok(await page.isChecked('input[name=mode][value=all]'));

  await upload(page, csv, 'all');
  assert.equal(await page.getAttribute('#import', 'data-state'), 'refused');
  assert.match(await page.locator('#import').innerText(), /Heç nə saxlanmadı/);
  assert.equal(await page.innerText('[data-count=added]'), '0');
  assert.match(await page.locator('#import-errors tbody tr').first().innerText(), /3\s+month\s+Ay/);
  await page.goto(server.url + '/persons/7ZZ77Q1?tab=income');
  assert.equal(await page.locator('#income-grid tbody tr.missing').count(), 12);

  await upload(page, csv, 'good');
  assert.equal(await page.getAttribute('#import', 'data-state'), 'done');
  assert.equal(await page.innerText('[data-count=added]'), '1');
  assert.equal(await page.innerText('[data-count=bad]'), '1');
  const href = await page.getAttribute('a[href$="/errors.csv"]', 'href');
  const report = await (await page.request.get(server.url + href)).text();
  assert.match(report, /^Sətir,Sütun,Problem\n3,month,/);

  await upload(page, csv, 'good');
  assert.equal(await page.innerText('[data-count=added]'), '0');
  assert.equal(await page.innerText('[data-count=unchanged]'), '1');
  await page.goto(server.url + '/persons/7ZZ77Q1?tab=income');
  assert.match(await page.locator(`#income-grid tbody tr[data-month="${month}"]`).innerText(), /300,00 ₼/);
});
