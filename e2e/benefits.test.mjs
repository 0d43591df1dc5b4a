// The benefit journey: an officer decides a TSSA application and reads the explanation a
// citizen would; finance prepares, a second finance officer approves and exports the
// month's payroll; the files come out per bank.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn, confirm } from './server.mjs';

let server, browser;
// A bare demo, without its lived weeks (--demo-life=false): the cycle of the month is this journey's to prepare.
before(async () => { server = await startServer({ args: ['--demo-life=false'] }); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('an officer decides TSSA and the decision explains itself; finance pays it with four eyes', async () => {
  const officer = await signIn(browser, server.url, 'officer');
  await officer.goto(server.url + '/persons?q=Mammadov');
  const fin = (await officer.locator('#results tbody tr td.mono a').first().innerText()).trim();
  await officer.goto(`${server.url}/persons/${fin}/edit`); // make sure the bank has an account to pay into
  await officer.fill('#f-iban', 'AZ21NABZ00000000137010001944');
  await officer.click('button.primary');
  await officer.waitForURL(/tab=history/);
  await officer.goto(`${server.url}/persons/${fin}/benefits`);
  await officer.selectOption('#f-program', 'TSSA');
  await officer.click('form.card button.primary');
  await officer.waitForURL(/benefits\?saved=1/);
  const explanation = await officer.locator('p.explanation').first().innerText();
  assert.match(explanation, /orta aylıq gəliri [0-9\s]+,[0-9]{2}\s₼/);
  await officer.click('form.lang button[value=en]');
  await officer.waitForSelector('p.explanation');
  assert.match(await officer.locator('p.explanation').first().innerText(), /Family income ₼[0-9,]+\.[0-9]{2}/);
  await officer.click('form.lang button[value=az]');

  const granted = (await officer.locator('article.decision .badge').first().innerText()).includes('təmin');
  if (!granted) { // an override turns a refusal into a grant, with the reason on record
    await officer.click('article.decision summary');
    await officer.selectOption('article.decision select[name=outcome]', 'granted');
    await officer.fill('article.decision #f-amount', '150.00');
    await officer.fill('article.decision #f-reason', 'Living conditions inspection: income not received since May');
    await officer.click('article.decision button.secondary');
    // raising an amount takes a second officer (four eyes): it waits in the override queue
    await officer.waitForURL(/benefits\?held=1/);
    const manager = await signIn(browser, server.url, 'manager');
    await manager.goto(server.url + '/overrides');
    await manager.click(`#overrides tr:has-text("${fin}") button:has-text("Təsdiq et")`);
    await manager.waitForURL(/overrides\?done=approved/);
    await officer.goto(`${server.url}/persons/${fin}/benefits`);
    assert.match(await officer.locator('.flash.warn').first().innerText(), /officer/);
  }

  const finance = await signIn(browser, server.url, 'finance');
  await finance.goto(server.url + '/payroll');
  await finance.selectOption('#f-program', 'TSSA');
  await finance.click('form.card button.primary');
  await finance.waitForSelector('#cycle-status:has-text("hazırdır")', { timeout: 30000 });
  assert.match(await finance.locator('.hint').innerText(), /təsdiq edə bilməz/);
  const cycleURL = finance.url();

  const finance2 = await signIn(browser, server.url, 'finance2');
  await finance2.goto(cycleURL);
  await finance2.click('text=Təsdiq et');
  await confirm(finance2, /Ünvanlı dövlət sosial yardımı .* ödənişə buraxılacaq/);
  await finance2.waitForSelector('#cycle-status:has-text("təsdiqlənib")');
  await finance2.click('text=Bank fayllarını yarat');
  await confirm(finance2, /bank faylları yazılacaq/);
  await finance2.waitForSelector('#files li a');
  const [download] = await Promise.all([finance2.waitForEvent('download'), finance2.click('#files li a >> nth=0')]);
  assert.match(download.suggestedFilename(), /TSSA-[A-Z]{4}-pain\.001\.001\.09\.xml$/);
  mkdirSync('artifacts', { recursive: true });
  await finance2.screenshot({ path: 'artifacts/payroll-cycle.png', fullPage: true });
});

test('an analyst saves a rule that does not type-check, sees where, fixes it and dry-runs it', async () => {
  const analyst = await signIn(browser, server.url, 'analyst');
  await analyst.goto(server.url + '/programs/TSSA');
  await analyst.click('#rule-json summary'); // the rule as JSON: the advanced view
  const rule = JSON.parse(await analyst.locator('#f-rule').inputValue());
  rule.amount = 'params.need_criterion * household.sise +';
  const text = JSON.stringify(rule, null, 2);
  await analyst.fill('#f-rule', text);
  await analyst.click('text=JSON-u qaralama kimi saxla');
  // the position is in the document as typed (#12 item 2): the line of "amount"
  const line = text.split('\n').findIndex((l) => l.includes('"amount"')) + 1;
  assert.match(await analyst.locator('#rule-json p.error').allInnerTexts().then((t) => t.join(' ')), new RegExp(`amount: Sətir ${line}, sütun \\d+`));
  rule.amount = 'params.need_criterion * household.size - household.avg_monthly_income + 1000';
  await analyst.fill('#f-rule', JSON.stringify(rule, null, 2));
  await analyst.click('text=JSON-u qaralama kimi saxla');
  await analyst.waitForURL(/saved=1/);
  await analyst.click('#rules tr:last-child button:has-text("Sınaq hesablaması")');
  // the run follows in the background; the tallies replace the progress bar when it is done
  await analyst.waitForURL(/\/programs\/TSSA\/dry-runs\/\d+$/);
  await analyst.waitForSelector('#dry-run table', { timeout: 30000 });
  assert.match(await analyst.locator('#dry-run').innerText(), /TSSA v2/);
  // the list of runs below follows too: the run is done there, with its count
  assert.match(await analyst.locator('#dry-runs tbody tr:first-child').innerText(), /TSSA v2.*hazırdır\s+\d+/s);
  mkdirSync('artifacts', { recursive: true });
  await analyst.screenshot({ path: 'artifacts/dry-run.png', fullPage: true });
});
