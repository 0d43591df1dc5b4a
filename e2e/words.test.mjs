// Every word translated (#12 item 15): the audit log shows why each row was written in the
// reader's language, never the word stored for auditors; a page names an institution by its
// translated short name (DSMF in Azerbaijani, ГФСЗ in Russian), not by its code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); mkdirSync('artifacts', { recursive: true }); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the audit log in Russian and English shows no stored purpose', async () => {
  const auditor = await signIn(browser, server.url, 'auditor');
  for (const lang of ['ru', 'en']) {
    await auditor.click(`form.lang button[value=${lang}]`);
    await auditor.goto(server.url + '/audit');
    const cells = auditor.locator('tbody td[title]');
    const n = await cells.count();
    assert.ok(n > 0, `${lang}: no purpose cells`);
    for (let i = 0; i < n; i++) {
      const stored = await cells.nth(i).getAttribute('title');
      const shown = await cells.nth(i).innerText();
      assert.doesNotMatch(shown, /audit\.purpose\./, `${lang}: a message key`);
      if (lang === 'ru') assert.notEqual(shown, stored, `ru: purpose "${stored}" shown as stored`);
    }
    if (lang === 'ru') await auditor.screenshot({ path: 'artifacts/audit-ru.png', fullPage: true });
  }
  await auditor.click('form.lang button[value=az]');
});

test('the audit log in Russian shows details and object kinds in Russian, and downloads them', async () => {
  const auditor = await signIn(browser, server.url, 'auditor');
  await auditor.click('form.lang button[value=ru]');
  await auditor.goto(server.url + '/audit');
  const details = auditor.locator('tbody td.detail');
  const n = await details.count();
  assert.ok(n > 0, 'no detail cells');
  for (let i = 0; i < n; i++) {
    const shown = await details.nth(i).innerText();
    assert.doesNotMatch(shown, /audit\.detail\.|<no value>|\b(shown|lines?|by|from|draft|version|activated|members|roles)\b/, `detail "${shown}"`);
  }
  const kinds = auditor.locator('tbody td span[title]');
  assert.ok(await kinds.count() > 0, 'no object kinds');
  for (let i = 0; i < await kinds.count(); i++) {
    assert.notEqual(await kinds.nth(i).innerText(), await kinds.nth(i).getAttribute('title'), 'an object kind shown as stored');
  }
  const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.click('#download-xlsx')]);
  assert.match(download.suggestedFilename(), /^audit-\d{4}-\d\d-\d\d\.xlsx$/);
  await auditor.click('form.lang button[value=az]');
});

test('programmes are named by their institution\'s short name', async () => {
  const analyst = await signIn(browser, server.url, 'analyst');
  await analyst.goto(server.url + '/programs');
  assert.match(await analyst.locator('table').first().innerText(), /\bDSMF\b/);
  assert.doesNotMatch(await analyst.locator('table').first().innerText(), /\bSSPF\b/);
  await analyst.click('form.lang button[value=ru]');
  await analyst.goto(server.url + '/programs');
  assert.match(await analyst.locator('table').first().innerText(), /ГФСЗ/);
  await analyst.click('form.lang button[value=az]');
});
