// Keystroke to results painted, in a real browser: types queries letter by
// letter into the search box of `sbcc web` on a data folder with N demo
// actors and reads the time the UI measured from the input event to the
// animation frame after the results were rendered (the page's
// 'sbcc:search-painted' User Timing measure).
// Usage: node e2e/bench-keystroke.mjs [actors]   (default 100000)
// BENCH_DIR=folder reuses a data folder made earlier with `sbcc demo` (and
// keeps it), so that runs while tuning do not wait for the demo each time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, launch, searchPainted, startServer } from './harness.mjs';

const actors = Number(process.argv[2] ?? process.env.BENCH_ACTORS ?? 100000);
const reuse = process.env.BENCH_DIR;
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'sbcc-bench-'));
if (!reuse) execFileSync(bin, ['--data', dir, 'demo', '--actors', String(actors)], { stdio: 'ignore' });
const server = await startServer(dir);
const browser = await launch();
const page = await browser.context.newPage();
await page.goto(server.url + '#/search');
await page.locator('[data-testid=result-count]').waitFor({ timeout: 120000 });

const samples = [];
const server_ms = [];
const fetch_ms = [];
const update_ms = [];
const queries = ['lodz', 'studio', 'rostock', 'malmo', 'teatr', 'design', 'zem', 'kunst'];
// One unmeasured round of other words first: the page's script is not yet
// compiled by the browser's JIT for the first few searches after loading
// (they are reported apart, as the cold figure).
const warmup = ['gdansk', 'film', 'muzika', 'karlshamn'];
const cold = [];
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
for (let round = -1; round < rounds; round++) {
  for (const q of round < 0 ? warmup : queries) {
    await page.locator('#search-input').fill('');
    await page.waitForTimeout(50);
    for (const ch of q) {
      await page.keyboard.type(ch);
      // Wait until this keystroke's answer is painted.
      const want = await page.locator('#search-input').inputValue();
      const m = await searchPainted(page, want);
      if (round < 0) {
        cold.push(m.ms);
        continue;
      }
      samples.push(m.ms);
      server_ms.push(m.tookMs);
      fetch_ms.push(m.answerMs);
      update_ms.push(m.updateMs);
      if (process.env.BENCH_VERBOSE) console.log(want.padEnd(10), 'paint', m.ms.toFixed(1), 'answer', m.answerMs.toFixed(1), 'update', m.updateMs.toFixed(1), 'go', m.tookMs);
    }
  }
}
await browser.close();
await server.stop();
if (!reuse) rmSync(dir, { recursive: true, force: true });
samples.sort((a, b) => a - b);
server_ms.sort((a, b) => a - b);
fetch_ms.sort((a, b) => a - b);
update_ms.sort((a, b) => a - b);
const pct = (p, xs = samples) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
console.log(`keystroke to results painted (browser, ${actors} actors, ${samples.length} keystrokes): p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, target p99 <= 50 ms; of which search in Go p50 ${pct(50, server_ms).toFixed(1)} ms, p99 ${pct(99, server_ms).toFixed(1)} ms; answer in the page p50 ${pct(50, fetch_ms).toFixed(1)} ms, p99 ${pct(99, fetch_ms).toFixed(1)} ms; updating the page's elements p50 ${pct(50, update_ms).toFixed(1)} ms, p99 ${pct(99, update_ms).toFixed(1)} ms; the first ${cold.length} keystrokes after the page loaded (unmeasured warm-up) took at most ${Math.max(...cold).toFixed(1)} ms`);
