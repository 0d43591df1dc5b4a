// Starts a real dost server for browser tests: the binary built from this checkout, a fresh
// database (SQLite by default, PostgreSQL when DOST_E2E_DB is a postgres:// URL), demo data,
// in demo mode (--demo).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const PASSWORD = 'dost-demo-2026';

let databases = 0;

// What this test file created — server directories (a demo's SQLite file, payment files) and
// PostgreSQL databases — goes when the file's process exits: demo persons are personal data in
// form, and hundreds of runs filled /tmp with them. A second server on the same directory
// (`from`) is why they are not removed when each server stops.
const created = { dirs: [], databases: [] };
process.on('exit', () => {
  for (const dir of created.dirs) rmSync(dir, { recursive: true, force: true });
  const shared = process.env.DOST_E2E_DB;
  for (const name of created.databases) {
    try { execFileSync('psql', [shared, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore' }); } catch { /* the cluster is going away */ }
  }
});

// freshPostgres is a new database beside DOST_E2E_DB when the browser tests run on
// PostgreSQL, so that every server starts from its own demo as on SQLite: a journey that
// prepares the month's payroll or saves a rule version must not find another's.
function freshPostgres() {
  const shared = process.env.DOST_E2E_DB;
  if (!shared?.startsWith('postgres')) return undefined;
  const name = `e2e_${process.pid}_${++databases}`;
  execFileSync('psql', [shared, '-qc', `CREATE DATABASE ${name}`]);
  created.databases.push(name);
  const url = new URL(shared);
  url.pathname = '/' + name;
  return url.toString();
}

// startServer runs dost on a fresh database, or on the database of an earlier server when
// `from` is given, with extra command-line arguments (a shifted clock, say).
export async function startServer({ from, args = [] } = {}) {
  let dir = from?.dir;
  if (!dir) created.dirs.push(dir = mkdtempSync(join(tmpdir(), 'dost-e2e-')));
  const db = from?.db || freshPostgres() || `sqlite:${join(dir, 'dost.db')}`;
  const bin = process.env.DOST_BIN || join(process.cwd(), '..', 'bin', 'dost');
  const proc = spawn(bin, ['serve', '--demo', '--db', db, '--addr', '127.0.0.1:0', '--demo-persons', '3000', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: dir, // payment files and other data land in the test's own directory
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + out)), 60000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Open (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.stderr.on('data', (d) => { out += d; });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  return { url, dir, db, stop: () => { proc.kill('SIGTERM'); return exited; } };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function signIn(browser, url, login) {
  const page = await browser.newPage();
  await page.goto(url + '/login');
  await page.fill('#f-login', login);
  await page.fill('#f-password', PASSWORD);
  await page.press('#f-password', 'Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

// confirm answers the question asked before an irreversible action (static/confirm.js) with
// yes, after checking that it says what will happen.
export async function confirm(page, says) {
  const dialog = page.locator('#confirm-dialog');
  await dialog.waitFor({ state: 'visible' });
  if (says) assert.match(await dialog.locator('.confirm-text').innerText(), says);
  await dialog.locator('button[value=yes]').click();
}
