// Lists: the registry search says how many it found; the applications list filters by
// deadline state — on track and at risk as the rows show it — keeps the filter in the URL and
// downloads exactly the filtered rows; an officer takes the next appeal from the queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('search count, the at-risk filter and its CSV, take the next appeal', async () => {
  mkdirSync('artifacts', { recursive: true });
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/persons?q=Mamedov');
  assert.match(await front.locator('#search-count').innerText(), /^\d[\d ]* şəxs tapıldı$|dən çox şəxs tapıldı$/);
  const fin = (await front.locator('#results tbody tr td.mono a').first().innerText()).trim();
  await front.goto(server.url + '/applications/new?service=02-01-01-00&centre=DOST-1&desk=2');
  await front.fill('#f-fin', fin);
  for (const doc of ['id_card', 'income_statement', 'residence_certificate']) {
    await front.check(`input[name=paper][value=${doc}]`);
  }
  await front.click('form[enctype] button.primary');
  await front.waitForURL(/filed=1/);
  const number = (await front.locator('h1').innerText()).match(/\d{4}-\d{7}/)[0]; // filed today: on track

  const officer = await signIn(browser, server.url, 'officer');
  for (const [state, badge] of [['at_risk', 'risk altında'], ['on_track', 'vaxtında']]) {
    await officer.goto(server.url + '/applications');
    await officer.selectOption('#f-deadline', state);
    await officer.click('#apply-filters');
    await officer.waitForURL(new RegExp('deadline=' + state));
    assert.equal(await officer.locator('#f-deadline').inputValue(), state, 'the filter stays chosen');
    const rows = officer.locator('#applications tbody tr');
    const n = await rows.count();
    assert.equal(await officer.locator(`#applications tbody tr .badge.deadline-${state}`).count(), n, `every row is ${state}`);
    assert.equal((await officer.locator('#applications').innerText()).includes(number), state === 'on_track');
    if (state === 'at_risk') await officer.screenshot({ path: 'artifacts/applications-at-risk.png', fullPage: true });
    const [download] = await Promise.all([officer.waitForEvent('download'), officer.click('#download-csv')]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n').slice(1);
    assert.ok(csv.every((l) => l.includes(',' + badge + ',')), `the CSV holds only ${state} rows`);
    assert.equal(csv.some((l) => l.includes(number)), state === 'on_track');
  }

  await officer.goto(server.url + '/appeals');
  await officer.click('#take-next-appeal');
  await officer.waitForURL((u) => /\/appeals\/[0-9a-f-]{36}$/.test(u.pathname) || u.search.includes('empty=1'));
  if (officer.url().includes('empty=1')) {
    assert.match(await officer.locator('.flash.ok').innerText(), /təhkim edilməmiş/);
  } else {
    assert.match(await officer.locator('#appeal-assignee').innerText(), /officer/);
  }
});
