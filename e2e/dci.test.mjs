// Another institution's system searches the registry through the DCI API (issue #14 §1): an
// administrator registers the agreement in the browser and hands over the secret shown once;
// the partner buys a token, sends a signed search by FİN and gets the record with only the
// fields agreed; the operators' exchange page shows the agreement and its traffic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { startServer, launch, signIn, confirm } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer({ args: ['--demo-life=false'] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an agreement registered in the browser lets a partner search by FİN over DCI', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

  const page = await signIn(browser, server.url, 'admin');
  await page.goto(server.url + '/admin/dci-clients');
  await page.fill('#f-client_id', 'tax.gov.az');
  await page.fill('#f-institution', 'Dövlət Vergi Xidməti');
  await page.fill('#f-legal_basis', 'Məlumat mübadiləsi sazişi № 12');
  await page.fill('#f-callback_url', 'https://tax.example.az/dci');
  await page.check('input[name=fields][value=uin]');
  await page.check('input[name=fields][value=name]');
  await page.fill('#f-keys', 'k1 ' + raw);
  await page.click('button[type=submit].primary');
  const secret = (await page.locator('#new-secret').innerText()).trim();
  assert.match(secret, /^[0-9a-f]{64}$/);
  await page.reload();
  assert.equal(await page.locator('#new-secret').count(), 0, 'the secret is shown once');

  const tokenResp = await fetch(server.url + '/dci/oauth2/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'tax.gov.az', client_secret: secret }),
  });
  assert.equal(tokenResp.status, 200);
  const { access_token: token } = await tokenResp.json();

  const officer = await signIn(browser, server.url, 'officer');
  await officer.goto(server.url + '/persons?q=Mamedov');
  const fin = (await officer.locator('#results tbody tr td.mono a').first().innerText()).trim();
  await officer.close();

  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const header = `{"version": "1.0.0", "message_id": "e2e-1", "message_ts": "${now}", "action": "search", "sender_id": "tax.gov.az", "total_count": 1}`;
  const message = `{"transaction_id": "t-1", "search_request": [{"reference_id": "r-1", "timestamp": "${now}",
    "search_criteria": {"query_type": "idtype-value", "query": {"type": "UIN", "value": "${fin}"}}}]}`;
  const sig = sign(null, Buffer.from(header + message), privateKey).toString('base64');
  const signature = `Signature: namespace="dci", kidId="tax.gov.az|k1|ed25519", algorithm="ed25519", signature="${sig}"`;
  const resp = await fetch(server.url + '/dci/registry/sync/search', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: `{"signature": ${JSON.stringify(signature)}, "header": ${header}, "message": ${message}}`,
  });
  assert.equal(resp.status, 200);
  const answer = await resp.json();
  const rec = answer.message.search_response[0].data.reg_records[0];
  assert.equal(rec.member_identifier[0].identifier_value, fin);
  assert.ok(rec.demographic_info.name.surname);
  assert.equal(rec.demographic_info.birth_date, undefined, 'birth date is not in the agreement');

  await page.goto(server.url + '/admin/dci-exchange');
  await page.locator('#agreements').getByText('tax.gov.az').waitFor();
  assert.match(await page.locator('#traffic').innerText(), /tax\.gov\.az\s+(search|axtarış|поиск)/);

  // the administrator revokes the agreement behind a confirmation: the secret buys no token
  await page.goto(server.url + '/admin/dci-clients');
  await page.click('form[action="/admin/dci-clients/tax.gov.az/revoke"] button');
  await confirm(page, /tax\.gov\.az/);
  await page.locator('form[action="/admin/dci-clients/tax.gov.az/revoke"]').waitFor({ state: 'detached' }); // revoked: no button any more
  const again = await fetch(server.url + '/dci/oauth2/token', {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'tax.gov.az', client_secret: secret }),
  });
  assert.equal(again.status, 401, 'a revoked agreement buys no token');
  await page.close();
});
