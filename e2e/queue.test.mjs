// The queue's screens (#12 item 10): the operator's desk shows the centre's waiting list by
// service (how many wait, the longest wait) and keeps it fresh; the board's sound is off
// until turned on, remembers being on across a reload, and chimes when a new call appears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); mkdirSync('artifacts', { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

test('desk waiting list by service, board sound toggle and chime', async () => {
  const kiosk = await (await browser.newContext()).newPage();
  const take = async (service) => {
    await kiosk.goto(server.url + '/kiosk/DOST-1');
    await kiosk.click(`button[data-service="${service}"]`);
    await kiosk.waitForSelector('#ticket-number');
  };
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/desk?centre=DOST-1&desk=4');
  const before = async (service) => {
    const row = front.locator(`#waiting-by-service tr[data-service="${service}"] .waiting-count`);
    return (await row.count()) ? Number(await row.innerText()) : 0;
  };
  const tssa = await before('02-01-01-00');
  await take('02-01-01-00');
  await take('02-01-01-00');
  await front.reload();
  assert.equal(await before('02-01-01-00'), tssa + 2);
  assert.match(await front.locator('#waiting-by-service caption').innerText(), /Xidmətlər üzrə gözləyənlər/);
  assert.match(await front.locator('#waiting-by-service tr[data-service="02-01-01-00"] .oldest-wait').innerText(), /\d+ dəqiqə/);
  await take('02-01-01-00'); // the list refreshes by itself
  await front.waitForFunction((n) => {
    const cell = document.querySelector('#waiting-by-service tr[data-service="02-01-01-00"] .waiting-count');
    return cell && Number(cell.textContent) === n;
  }, tssa + 3, { timeout: 15000 });
  await front.screenshot({ path: 'artifacts/desk-waiting.png', fullPage: true });

  const board = await (await browser.newContext()).newPage();
  await board.goto(server.url + '/board/DOST-1');
  const toggle = board.locator('#sound-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'the sound is on by default');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.match(await toggle.innerText(), /açıq/);
  await board.reload();
  assert.equal(await board.locator('#sound-toggle').getAttribute('aria-pressed'), 'true', 'the sound was forgotten on reload');
  assert.equal(await board.evaluate(() => document.body.dataset.chimes || '0'), '0');

  await front.click('#call-next');
  const called = (await front.locator('#current-ticket').innerText()).trim();
  await board.waitForSelector(`#board tr.latest td.ticket-number:has-text("${called}")`, { timeout: 10000 });
  await board.waitForFunction(() => document.body.dataset.chimes === '1', null, { timeout: 5000 });
  await board.locator('#sound-toggle').click();
  assert.equal(await board.locator('#sound-toggle').getAttribute('aria-pressed'), 'false');
  await board.screenshot({ path: 'artifacts/board-sound.png' });
});
