// Sign-in in a real browser: Chromium reads "/\evil.example" and tab variants of a "next"
// address as another host, so every sign-in must land on this site whatever "next" says;
// and a second factor is enrolled from the QR page and then asked for at sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { startServer, launch, PASSWORD } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const attacks = ['/\\evil.example', '/%5Cevil.example', '/\t/evil.example', '/\\\tevil.example', '//evil.example', 'https://evil.example'];

test('staff and citizen sign-in stay on the site whatever next says', async () => {
  const host = new URL(server.url).host;
  let fin;
  for (const next of attacks) {
    const page = await (await browser.newContext()).newPage();
    await page.route('**/*', (route) => new URL(route.request().url()).host === host ? route.continue() : route.abort());
    await page.goto(server.url + '/login?next=' + encodeURIComponent(next));
    await page.fill('#f-login', 'front');
    await page.fill('#f-password', PASSWORD);
    await page.press('#f-password', 'Enter');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    assert.equal(new URL(page.url()).host, host, `staff sign-in with next=${JSON.stringify(next)}`);
    if (!fin) {
      await page.goto(server.url + '/persons?q=Mamedov');
      fin = (await page.locator('#results tbody tr td.mono a').first().innerText()).trim();
    }
    const citizen = await (await browser.newContext()).newPage();
    await citizen.route('**/*', (route) => new URL(route.request().url()).host === host ? route.continue() : route.abort());
    await citizen.goto(server.url + '/e-social/login?next=' + encodeURIComponent(next));
    await citizen.fill('#f-fin', fin);
    await citizen.click('form button.primary');
    await citizen.waitForURL((u) => !u.pathname.startsWith('/e-social/login'));
    assert.equal(new URL(citizen.url()).host, host, `citizen sign-in with next=${JSON.stringify(next)}`);
  }
});

// totp is RFC 6238 with the defaults every authenticator app uses: SHA-1, 30 s, 6 digits.
function totp(secret, at) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, '0');
}

test('an officer enrols a second factor from the QR page and is asked for a code at sign-in', async () => {
  mkdirSync('artifacts', { recursive: true });
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url + '/login');
  await page.fill('#f-login', 'social');
  await page.fill('#f-password', PASSWORD);
  await page.press('#f-password', 'Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(server.url + '/login/two-factor');
  assert.ok(await page.locator('img[src^="data:image/png"]').isVisible(), 'the QR code is drawn by the server');
  await page.screenshot({ path: 'artifacts/two-factor-enrol.png', fullPage: true });
  const secret = (await page.locator('#totp-secret').innerText()).trim();
  const now = Date.now();
  await page.fill('#f-code', totp(secret, now));
  await page.click('form button.primary');
  assert.equal(await page.locator('#recovery-codes li').count(), 10);

  const again = await (await browser.newContext()).newPage();
  await again.goto(server.url + '/login');
  await again.fill('#f-login', 'social');
  await again.fill('#f-password', PASSWORD);
  await again.press('#f-password', 'Enter');
  await again.waitForURL(/\/login\/code$/);
  await again.fill('#f-code', totp(secret, now + 30000));
  await again.press('#f-code', 'Enter');
  await again.waitForURL((u) => !u.pathname.startsWith('/login'));
});
