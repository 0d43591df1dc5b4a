// The rule editor (#12 items 13 and 15): an analyst edits a condition of a programme's rule as
// a form, sees the error appear at that condition as they type and go when it is fixed, does
// the same with a review condition (what sends a case to an officer) and the sentence of a
// referral, saves the new draft and compares it with the version before, side by side. Parameters are typed
// and shown in manat under their translated names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, launch, signIn } from './server.mjs';

let server, browser;
before(async () => { server = await startServer({ args: ['--demo-life=false'] }); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('an analyst edits a condition, sees the error as they type, fixes it, saves and compares versions', async () => {
  const analyst = await signIn(browser, server.url, 'analyst');
  await analyst.goto(server.url + '/programs/TSSA');

  // a parameter in manat, shown in the reader's form under its name
  await analyst.fill('#f-name', 'need_criterion');
  await analyst.fill('#f-effective_from', '2027-01-01');
  await analyst.fill('#f-value', '150.50');
  await analyst.click('form[action$="/params"] button');
  await analyst.waitForURL(/saved=1/);
  const params = await analyst.locator('#params').innerText();
  assert.match(params, /Ehtiyac meyarı\s+need_criterion/);
  assert.match(params, /150,50 ₼/);
  assert.doesNotMatch(params, /15050/);

  // the first condition's expression, edited: the error appears at it as the analyst types
  const expr = analyst.locator('#f-cond-0-expr');
  const name = await analyst.locator('#f-cond-0-name').inputValue();
  const before = await expr.inputValue();
  await expr.click();
  await expr.press('End');
  await expr.pressSequentially(' && household.size >');
  const error = analyst.locator('#e-cond-0-expr');
  await error.waitFor({ state: 'visible' });
  assert.match(await error.innerText(), /Sətir 1, sütun \d+/);
  assert.equal(await analyst.locator('#rule-form p.error:visible').count(), 1, 'only the edited condition is marked');

  // completion: the name being typed is finished in the list the input offers
  await expr.press('Backspace');
  await expr.pressSequentially('> 0 && params.need');
  const offered = await analyst.locator('#rule-names option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.includes(before + ' && household.size > 0 && params.need_criterion'), JSON.stringify(offered));
  await expr.pressSequentially('_criterion > 0');
  await error.waitFor({ state: 'hidden' });
  await analyst.locator('#rule-check:has-text("Xəta tapılmadı")').waitFor();

  // a review condition's expression and the referral sentence, checked the same way
  const review = analyst.locator('#f-review-0-expr');
  const reviewBefore = await review.inputValue();
  await review.fill(reviewBefore + ' && household.size > 0 && household.utility_cost_knwn');
  const reviewError = analyst.locator('#e-review-0-expr');
  await reviewError.waitFor({ state: 'visible' });
  assert.match(await reviewError.innerText(), /Sətir 1, sütun \d+/);
  await review.fill(reviewBefore + ' && household.size > 0');
  await reviewError.waitFor({ state: 'hidden' });
  const referredRU = analyst.locator('#f-referred-ru');
  const ru = await referredRU.inputValue();
  await referredRU.fill('');
  const referredError = analyst.locator('#e-referred-ru');
  await referredError.waitFor({ state: 'visible' });
  assert.match(await referredError.innerText(), /Rus dilində cümlə yoxdur/);
  await referredRU.fill(ru);
  await referredError.waitFor({ state: 'hidden' });
  const referredAZ = analyst.locator('#f-referred-az');
  const az = (await referredAZ.inputValue()) + ' və ailəyə zəng edir';
  await referredAZ.fill(az);
  await analyst.locator('#rule-check:has-text("Xəta tapılmadı")').waitFor();

  // a row added (numbered after the others) and taken away again
  const rows = analyst.locator('[data-rows="cond"] [data-row]');
  const n = await rows.count();
  await analyst.click('button[data-add="cond"]');
  assert.equal(await rows.count(), n + 1);
  assert.equal(await analyst.locator(`#f-cond-${n}-expr[data-field="cond.${n}.expr"]`).count(), 1);
  await rows.nth(n).locator('[data-remove]').click();
  assert.equal(await rows.count(), n);

  await analyst.click('#rule-form button[type=submit]');
  await analyst.waitForURL(/saved=1/);
  assert.match(await analyst.locator('#rules tbody tr:last-child').innerText(), /v2\s+qaralama/);
  assert.equal(await analyst.locator('#f-cond-0-expr').inputValue(), before + ' && household.size > 0 && params.need_criterion > 0');
  assert.equal(await analyst.locator('#f-review-0-expr').inputValue(), reviewBefore + ' && household.size > 0');
  assert.equal(await analyst.locator('#f-referred-az').inputValue(), az);

  // the two versions side by side: the changed condition, review condition and referral
  // sentence marked
  await analyst.click('#rules tbody tr:last-child a:has-text("v1 ilə müqayisə et")');
  await analyst.waitForURL(/\/programs\/TSSA\/rules\/diff\?a=1&b=2$/);
  const changed = await analyst.locator('#rule-diff tr.changed').allInnerTexts();
  assert.equal(changed.length, 3, changed.join('\n'));
  assert.match(changed[0], new RegExp(`Şərt: ${name}`));
  assert.ok(changed[0].includes(before) && changed[0].includes('params.need_criterion > 0'));
  assert.match(changed[1], /Baxış şərti: income_known/);
  assert.ok(changed[1].includes(reviewBefore + ' && household.size > 0'), changed[1]);
  assert.match(changed[2], /Əməkdaşa göndərmə cümləsi/);
  assert.ok(changed[2].includes(az), changed[2]);
  const amount = analyst.locator('#rule-diff tbody tr').filter({ has: analyst.locator('th', { hasText: /^\s*Məbləğ\s*$/ }) });
  assert.doesNotMatch(await amount.getAttribute('class') ?? '', /changed/, 'the amount did not change');
  mkdirSync('artifacts', { recursive: true });
  await analyst.screenshot({ path: 'artifacts/rule-diff.png', fullPage: true });
});
