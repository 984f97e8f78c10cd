// The real service for the browser tests: a fresh SQLite database, the development SMTP sink
// (real SMTP, each message saved as a .eml file), `clientela serve` with the built console,
// and Debian's Chromium driven by playwright-core. Nothing is mocked.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const CONSOLE = resolve(here, '..');
export const REPO = resolve(CONSOLE, '..');
export const SHOTS = join(CONSOLE, 'test-results');
const CLIENTELA = resolve(REPO, process.env.CLIENTELA_BIN ?? '.venv/bin/clientela');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const ORG = { name: 'Centro Prova', slug: 'prova' };
export const PASSWORD = 'a long staff passphrase 42';
export const STAFF = {
  owner: 'owner@prova.example',
  agent: 'agent@prova.example',
  marketing: 'marketing@prova.example',
};

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startService() {
  const dir = mkdtempSync(join(tmpdir(), 'clientela-e2e-'));
  const mailDir = join(dir, 'mail');
  mkdirSync(mailDir);
  mkdirSync(SHOTS, { recursive: true });
  const [port, smtpPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    CLIENTELA_ENV: 'development',
    CLIENTELA_VAR_DIR: dir,
    DATABASE_URL: `sqlite://${join(dir, 'e2e.sqlite3')}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    CONSOLE_DIR: join(CONSOLE, 'dist'),
    APP_URL: `http://127.0.0.1:${port}/app`,
    LOG_LEVEL: 'WARNING',
    // Counts are exact up to this cap, else a lower bound (R6.5): small, so the tests see both.
    COUNT_CAP: '5',
  };
  const cli = (...args) => {
    const run = spawnSync(CLIENTELA, args, { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`clientela ${args[0]} failed: ${run.stderr}`);
    return run.stdout;
  };
  cli('migrate');
  cli('create-organization', '--name', ORG.name, '--slug', ORG.slug, '--locale', 'it');
  for (const [role, email] of Object.entries(STAFF)) {
    cli('create-staff', '--organization', ORG.slug, '--email', email, '--name', `${role} user`, '--role', role, '--password', PASSWORD);
  }
  const children = [
    spawn(CLIENTELA, ['mail-sink', '--dir', mailDir], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
    spawn(CLIENTELA, ['serve', '--port', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  ];
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 150) throw new Error('the service did not start');
    await sleep(200);
  }
  return {
    base,
    mailDir,
    async stop() {
      for (const child of children) child.kill('SIGINT');
      await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GraphQL over HTTP, as any client of the API. */
export async function gql(base, token, query, variables = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export async function staffToken(base, email) {
  const data = await gql(base, null, 'mutation($i: StaffLoginInput!) { staffLogin(input: $i) { token userErrors { code } } }', {
    i: { email, password: PASSWORD },
  });
  if (!data.staffLogin.token) throw new Error('staff login failed');
  return data.staffLogin.token;
}

/** The messages the sink received: headers we need and the decoded text. */
export function mails(mailDir) {
  return readdirSync(mailDir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(mailDir, name), 'utf8');
      const header = (h) => raw.match(new RegExp(`^${h}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
      const text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      return { to: header('To'), subject: decodeHeader(header('Subject')), text };
    });
}

function decodeHeader(value) {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, data) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

export async function waitForMail(mailDir, predicate, what) {
  for (let i = 0; i < 100; i++) {
    const found = mails(mailDir).find(predicate);
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`no mail arrived: ${what}`);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (its own storage) whose console errors are collected: a test ends
 * by asserting there were none.
 */
export async function openPage(browser, base, { locale = 'en-GB', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ baseURL: base, locale, viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

export async function signIn(page, email) {
  await page.goto('/console/');
  await page.getByLabel(/^(Email|Correo electrónico)$/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)$/).fill(PASSWORD);
  await page.getByRole('button', { name: /^(Sign in|Accedi|Entrar)$/ }).click();
  await page.getByTestId('org-name').waitFor();
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
