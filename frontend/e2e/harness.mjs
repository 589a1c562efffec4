// Shared helpers of the browser tests: start the real sbcc binary on a
// temporary data folder, and Debian's chromium through playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const bin = process.env.SBCC_BIN ?? join(root, 'sbcc');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const shots = process.env.SCREENSHOTS ?? join(root, 'screenshots');
mkdirSync(shots, { recursive: true });

/**
 * startServer runs `sbcc web` (or, with extra arguments, `sbcc serve --http`) on a free
 * loopback port (or on http, e.g. 0.0.0.0:0 for HTTPS beyond loopback); resolves with
 * its URL (0.0.0.0 made 127.0.0.1), the certificate fingerprint it printed ('' for plain
 * HTTP) and a stop function.
 */
export async function startServer(dataDir, extra = [], http = '127.0.0.1:0') {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'sbcc-e2e-'));
  const cmd = extra.length ? ['serve', ...extra] : ['web'];
  const proc = spawn(bin, ['--data', dir, ...cmd, '--http', http], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('sbcc web did not start in 15 s: ' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/open (https?:\/\/\S+)\n/);
      if (m && (m[1].startsWith('http:') || /fingerprint.*: \S+\n/.test(out))) {
        clearTimeout(timer);
        res(m[1].replace('0.0.0.0', '127.0.0.1'));
      }
    });
    proc.on('exit', (code) => rej(new Error(`sbcc web exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    dir,
    fingerprint: out.match(/fingerprint.*: (\S+)\n/)?.[1] ?? '',
    async call(method, ...args) {
      const r = await fetch(new URL('api/' + method, url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
      const body = await r.json();
      if (!r.ok) throw new Error(`${method}: ${body.error}`);
      return body;
    },
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** sbcc runs one command of the binary on a data folder and returns its standard output. */
export function sbcc(dir, ...args) {
  return execFileSync(bin, ['--data', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** freePort returns a TCP port on 127.0.0.1 that is free now. */
export async function freePort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** eventually retries check (an async function returning true) for up to ms milliseconds. */
export async function eventually(check, ms = 20000, what = 'condition') {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not met in ${ms} ms${last ? ': ' + last.message : ''}`);
}

/**
 * searchPainted waits until the search screen has painted the results of
 * query q and returns the page's measure of it (see paintedMark in
 * src/lib/state.svelte.ts): duration is keystroke to paint, detail.answerMs
 * keystroke to answer, detail.tookMs the search in Go.
 */
export async function searchPainted(page, q, timeout = 30000) {
  const h = await page.waitForFunction(
    (q) => {
      const m = performance.getEntriesByName('sbcc:search-painted').at(-1);
      return m && m.detail.query === q ? { ms: m.duration, ...m.detail } : null;
    },
    q,
    { timeout },
  );
  return h.jsonValue();
}

/**
 * launch starts a fresh headless chromium with its own profile; options go to
 * playwright's launchPersistentContext (e.g. httpCredentials), args are added to its own.
 */
export async function launch(options = {}, args = []) {
  const profile = mkdtempSync(join(tmpdir(), 'sbcc-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...args],
    ...options,
  });
  return {
    context: browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
