// The single-window journey: a citizen takes a ticket at the kiosk; the operator calls it
// (the public board shows it), serves it and files a TSSA application with a scanned
// document; the back-office officer decides it by the programme's rule; the citizen signs in
// to e-social, reads the decision and its explanation, downloads a certificate and checks it
// (and a tampered copy) at the public verification page, rates the service, and files an
// appeal — which is overdue when the server runs a month later.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, signIn, confirm } from './server.mjs';

let server, browser;
// A bare demo, without its lived weeks (--demo-life=false): the journey counts its own tickets, applications and appeals.
before(async () => { server = await startServer({ args: ['--demo-life=false'] }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const scan = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('ticket, desk, application, decision, portal, certificate, rating, appeal going overdue', async () => {
  mkdirSync('artifacts', { recursive: true });
  const front = await signIn(browser, server.url, 'front');
  await front.goto(server.url + '/persons?q=Mamedov');
  const fin = (await front.locator('#results tbody tr td.mono a').first().innerText()).trim();

  const kiosk = await (await browser.newContext()).newPage();
  await kiosk.goto(server.url + '/kiosk/DOST-1');
  await kiosk.click('button[data-service="02-01-01-00"]');
  const ticket = (await kiosk.locator('#ticket-number').innerText()).trim();
  assert.match(ticket, /^T-\d{3}$/);
  await kiosk.screenshot({ path: 'artifacts/kiosk-ticket.png' });
  const board = await (await browser.newContext()).newPage();
  await board.goto(server.url + '/board/DOST-1');

  await front.goto(server.url + '/desk?centre=DOST-1&desk=3');
  await front.click('#call-next');
  assert.equal((await front.locator('#current-ticket').innerText()).trim(), ticket);
  await board.waitForSelector(`#board td.ticket-number:has-text("${ticket}")`, { timeout: 10000 });
  await board.screenshot({ path: 'artifacts/queue-board.png' });
  await front.click('text=Xidmətə başla');
  await front.click('#file-application');
  await front.fill('#f-fin', fin);
  await front.setInputFiles('#f-doc_id_card', { name: 'id-card.pdf', mimeType: 'application/pdf', buffer: scan });
  await front.setInputFiles('#f-doc_income_statement', { name: 'income.pdf', mimeType: 'application/pdf', buffer: scan });
  await front.check('input[name=paper][value=residence_certificate]'); // seen on paper at the desk
  await front.click('form[enctype] button.primary');
  await front.waitForURL(/filed=1/);
  const number = (await front.locator('h1').innerText()).match(/\d{4}-\d{7}/)[0];
  assert.match(await front.locator('.flash.ok').innerText(), /qəbul edildi/);
  await front.click('text=← Operator masası');
  await front.click('text=Xidməti bitir');
  await front.waitForSelector('#call-next');

  const officer = await signIn(browser, server.url, 'officer');
  await officer.goto(server.url + '/applications');
  await officer.click(`text=${number}`);
  await officer.click('button[data-to=in_review]');
  await officer.click('#decide');
  await confirm(officer, new RegExp(number));
  await officer.waitForSelector('#application-outcome');
  const explanation = await officer.locator('p.explanation').innerText();
  assert.match(explanation, /[0-9],[0-9]{2} ₼/);
  await officer.click('button[data-to=delivered]');
  await officer.waitForSelector('#application-status:has-text("təqdim")');
  await officer.screenshot({ path: 'artifacts/application-decided.png', fullPage: true });

  const citizen = await (await browser.newContext({ acceptDownloads: true, locale: 'az-AZ' })).newPage();
  await citizen.setViewportSize({ width: 390, height: 844 }); // a phone
  await citizen.goto(server.url + '/e-social');
  await citizen.fill('#f-fin', fin);
  await citizen.click('form button.primary');
  await citizen.waitForURL(/\/e-social$/);
  await citizen.click(`#applications a:has-text("${number}")`);
  assert.equal(await citizen.locator('#explanation').innerText(), explanation);
  await citizen.click('#decision-certificate');
  await citizen.waitForURL(/done=certificate/);
  const link = citizen.locator('#certificates li a').first();
  const code = (await citizen.locator('#certificates li').first().getAttribute('id')).replace('cert-', '');
  const [download] = await Promise.all([citizen.waitForEvent('download'), link.click()]);
  const pdf = join('artifacts', 'certificate.pdf');
  await download.saveAs(pdf);
  assert.ok(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-');
  await citizen.screenshot({ path: 'artifacts/portal-cabinet.png', fullPage: true });

  const checker = await (await browser.newContext({ locale: 'az-AZ' })).newPage();
  await checker.goto(server.url + '/verify');
  await checker.fill('#f-code', code);
  await checker.setInputFiles('#f-file', pdf);
  await checker.click('form button.primary');
  assert.match(await checker.locator('#verdict').innerText(), /həqiqidir/);
  const forged = readFileSync(pdf);
  forged[Math.floor(forged.length / 2)] ^= 1;
  writeFileSync(join('artifacts', 'forged.pdf'), forged);
  await checker.fill('#f-code', code);
  await checker.setInputFiles('#f-file', join('artifacts', 'forged.pdf'));
  await checker.click('form button.primary');
  assert.match(await checker.locator('#verdict').innerText(), /saxtadır/);

  await citizen.goto(server.url + '/e-social');
  await citizen.click(`#applications a:has-text("${number}")`);
  await citizen.click('#rate');
  await citizen.check('input[name=score][value="5"]');
  await citizen.fill('#f-comment', 'Tez və nəzakətlə');
  await citizen.click('form button.primary');
  await citizen.waitForSelector('#rated');

  await citizen.goto(server.url + '/e-social/appeals/new');
  await citizen.selectOption('#f-institution', 'SSPF');
  await citizen.fill('#f-subject', 'Yardımın məbləği');
  await citizen.fill('#f-body', 'Ailəmizin gəliri düzgün hesablanmayıb, yenidən baxılmasını xahiş edirəm.');
  await citizen.click('form button.primary');
  await citizen.waitForSelector('#appeal-due');
  const appealPath = new URL(citizen.url()).pathname;
  assert.equal(await citizen.locator('.appeal-overdue').count(), 0);

  // A month later the appeal is unanswered: past its 15 working days.
  await server.stop();
  server = await startServer({ from: server, args: ['--clock-offset', '720h'] });
  await citizen.goto(server.url + appealPath);
  await citizen.waitForSelector('#appeal-status .appeal-overdue');
  await citizen.screenshot({ path: 'artifacts/appeal-overdue.png', fullPage: true });
  const manager = await signIn(browser, server.url, 'manager');
  const refused = [];
  manager.on('console', (m) => { if (m.type() === 'error') refused.push(m.text()); });
  await manager.goto(server.url + '/reports/service?from=2020-01-01&to=2030-01-01');
  assert.match(await manager.locator('#satisfaction').innerText(), /02-01-01-00/);
  assert.match(await manager.locator('#queue-stats').innerText(), /02-01-01-00\s/);
  await manager.screenshot({ path: 'artifacts/service-report.png', fullPage: true });
  assert.deepEqual(refused, [], 'the report page breaks the content-security policy');
  await manager.goto(server.url + '/appeals/stats?from=2020-01-01');
  assert.match(await manager.locator('#appeal-stats').innerText(), /DSMF\s+1\s+0\s+0\s+0\s+1\s+1/);
});
