// Browser end-to-end test of sync by file on the Sync screen: the real
// sbcc binary on two data folders of one network, Debian's chromium
// through playwright-core. Run with `make e2e`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, sbcc, shots, startServer } from './harness.mjs';

describe('sync by file in a browser', () => {
  let server, browser, page, work, a, toB;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'sbcc-e2e-syncfile-'));
    a = join(work, 'a');
    const b = join(work, 'b');
    sbcc(a, 'network', 'init', '--office', 'Rietavas');
    sbcc(a, 'demo', '--actors', '20', '--seed', '3');
    const code = sbcc(a, 'network', 'invite', '--addr', '127.0.0.1:9').trim();
    sbcc(b, 'network', 'join', code, '--office', 'Gdansk');
    toB = join(work, 'to-gdansk.sbcc-sync');
    sbcc(a, 'sync', 'export', '--all', '-o', toB);
    server = await startServer(b);
    browser = await launch();
    page = await browser.context.newPage();
    page.on('dialog', (d) => d.dismiss().catch(() => {}));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a file is loaded, loaded again adds nothing, and a cut file is refused', async () => {
    await page.goto(server.url + '#/sync');
    const box = page.getByTestId('syncfile');
    await box.waitFor();
    await page.getByTestId('syncfile-load').setInputFiles(toB);
    await page.getByTestId('syncfile-result').waitFor();
    const added = Number((await page.getByTestId('syncfile-added').textContent()).replace(/\D/g, ''));
    assert.ok(added > 20, `added ${added}`);
    assert.match(await page.getByTestId('syncfile-result').textContent(), /From Rietavas/);
    await page.screenshot({ path: join(shots, 'sync-file-loaded.png') });

    await page.getByTestId('syncfile-load').setInputFiles(toB);
    await page.waitForFunction(() => document.querySelector('[data-testid=syncfile-added]')?.textContent?.trim() === '0');
    assert.equal(Number((await page.getByTestId('syncfile-already').textContent()).replace(/\D/g, '')), added);

    const cut = join(work, 'cut.sbcc-sync');
    const raw = readFileSync(toB);
    writeFileSync(cut, raw.subarray(0, raw.length - 7));
    await page.getByTestId('syncfile-load').setInputFiles(cut);
    await page.getByTestId('syncfile-problem').waitFor();
    assert.match(await page.getByTestId('syncfile-problem').textContent(), /incomplete.*Nothing was applied/);
  });

  test('the answer saved for Rietavas holds only what it lacks and loads there', async () => {
    await page.reload();
    await page.getByTestId('syncfile').waitFor();
    await server.call('SaveActor', { kind: 'organisation', name: 'Pracownia Ola', country: 'PL' });
    const select = page.getByTestId('syncfile-for');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=syncfile-for] option').length > 1);
    const value = await select.locator('option', { hasText: 'Rietavas' }).getAttribute('value');
    await select.selectOption(value);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('syncfile-save').click()]);
    assert.match(download.suggestedFilename(), /to-rietavas.*\.sbcc-sync$/);
    const back = join(work, 'back.sbcc-sync');
    await download.saveAs(back);
    const out = sbcc(a, 'sync', 'import', back);
    assert.match(out, /added:\s+1\n/);
    assert.match(sbcc(a, 'search', 'Ola'), /Pracownia Ola/);
  });
});
