// Shared helpers of the browser tests: start the real sbcc binary on a
// temporary data folder, and Debian's chromium through playwright-core.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const bin = process.env.SBCC_BIN ?? join(root, 'sbcc');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const shots = process.env.SCREENSHOTS ?? join(root, 'screenshots');
mkdirSync(shots, { recursive: true });

/** startServer runs `sbcc web` on a free loopback port; resolves with its URL and a stop function. */
export async function startServer(dataDir) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'sbcc-e2e-'));
  const proc = spawn(bin, ['--data', dir, 'web', '--http', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error('sbcc web did not start in 15 s: ' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/open (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    proc.on('exit', (code) => rej(new Error(`sbcc web exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    dir,
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

/** launch starts a fresh headless chromium with its own profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'sbcc-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context: browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
