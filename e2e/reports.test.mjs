// The manager's service report (#12 item 11): the share of visits served within the standard
// per centre over the report's days, a line per centre drawn as SVG with the table of days
// by centres beside it, and satisfaction per service charted beside its table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); mkdirSync('artifacts', { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

test('waits against the standard per centre over time, and satisfaction per service', async () => {
  // a visit closed today, so that today's row exists whatever the demo holds
  const kiosk = await (await browser.newContext()).newPage();
  await kiosk.goto(server.url + '/kiosk/DOST-1');
  await kiosk.click('button[data-service="02-01-01-00"]');
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/desk?centre=DOST-1&desk=7');
  await front.click('#call-next');
  await front.click('text=Xidmətə başla');
  await front.click('text=Xidməti bitir');
  await front.waitForSelector('#call-next');

  const manager = await signIn(browser, server.url, 'manager');
  await manager.goto(server.url + '/reports/service');
  const section = manager.locator('#queue-days');
  assert.match(await section.locator('h2').innerText(), /standarta uyğunluq/);
  const svg = section.locator('svg.chart.lines');
  assert.ok(await svg.isVisible(), 'no chart of the days');
  assert.ok((await svg.locator('path.line').count()) >= 1, 'no line in the chart');
  assert.ok((await svg.locator('circle').count()) >= 1, 'no point in the chart');
  const table = section.locator('#queue-days-table');
  const centres = await table.locator('thead th').allInnerTexts();
  assert.ok(centres.some((c) => /1 saylı Bakı DOST mərkəzi/.test(c)), `centres ${centres}`);
  assert.equal(await svg.locator('path.line').count(), centres.length - 1, 'a line per centre of the table');
  // Days and shares in the Azerbaijani reader's form: 01.12.2026, 95,5%.
  const [y, m, d] = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Baku' }).split('-');
  const row = table.locator(`tbody tr:has(th:text-is("${d}.${m}.${y}"))`);
  assert.match(await row.innerText(), /\d+,\d%.*ziyarət/);

  await manager.goto(server.url + '/reports/service?by=service');
  const sat = manager.locator('section:has(#satisfaction)');
  if (await manager.locator('#satisfaction tbody tr').count() > 0) {
    assert.ok(await sat.locator('svg.chart').isVisible(), 'satisfaction per service has no chart');
  }
  await manager.screenshot({ path: 'artifacts/report-days.png', fullPage: true });
});
