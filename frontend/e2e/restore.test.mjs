// Restoring a backup in the app (issue 16): make a backup on the Data
// screen, change the directory, restore the backup there and see the old
// data back in the running app (search index and status included); a
// broken file is refused at the file field, in Polish.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, launch, searchPainted, shots, startServer } from './harness.mjs';

describe('restore from backup in the app', () => {
  let server, browser, page, backup;
  const pageErrors = [];

  before(async () => {
    server = await startServer();
    await server.call('SaveSettings', { office: 'Rietavas', language: 'en', dataDir: '' });
    await server.call('SaveActor', { kind: 'organisation', name: 'Teatras Banga', country: 'LT' });
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function found(q) {
    await page.goto(server.url + '#/search');
    const input = page.locator('#search-input');
    await input.waitFor();
    await input.fill(q);
    await searchPainted(page, q);
    return page.getByTestId('hit').filter({ hasText: q }).count();
  }

  test('a backup restored on the Data screen brings the old data back', async () => {
    await page.goto(server.url + '#/data');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-run').click()]);
    backup = await download.path();

    const banga = (await server.call('Search', { query: 'Banga' })).hits[0];
    await server.call('Delete', banga.id);
    await server.call('SaveActor', { kind: 'organisation', name: 'Pracownia Nowa', country: 'PL' });
    assert.equal(await found('Pracownia Nowa'), 1);
    assert.equal(await found('Teatras Banga'), 0);

    await page.goto(server.url + '#/data');
    await page.getByTestId('restore-file').setInputFiles(backup);
    await page.getByTestId('restore-run').click();
    await page.getByTestId('restore-confirm').click();
    const done = page.getByTestId('restore-done');
    await done.waitFor({ timeout: 30000 });
    const text = await done.innerText();
    assert.match(text, /Restored the backup of Rietavas taken .*: 1 actor\./);
    assert.match(text, /before-restore-.*\.sbcc-backup/);
    await page.getByTestId('restore-backup').screenshot({ path: join(shots, '24-restore-done.png') });

    // The running app shows the restored directory: status, search index.
    await eventually(async () => (await server.call('Status')).counts.actor === 1, 10000, 'one actor in the status');
    assert.equal(await found('Teatras Banga'), 1);
    assert.equal(await found('Pracownia Nowa'), 0);
    // Editing goes on in the restored directory.
    await server.call('SaveActor', { kind: 'organisation', name: 'Nach dem Restore', country: 'DE' });
    assert.equal(await found('Nach dem Restore'), 1);
  });

  test('a broken file is refused at the field, in Polish, and nothing changes', async () => {
    await server.call('SaveSettings', { office: 'Rietavas', language: 'pl', dataDir: '' });
    await page.goto(server.url + '#/data');
    await page.reload();
    const raw = readFileSync(backup);
    const input = page.getByTestId('restore-file');
    const error = page.getByTestId('restore-error');

    await input.setInputFiles({ name: 'rietavas.sbcc-backup', mimeType: 'application/octet-stream', buffer: raw.subarray(0, Math.floor(raw.length * 0.6)) });
    await page.getByTestId('restore-run').click();
    await page.getByTestId('restore-confirm').click();
    await error.waitFor({ timeout: 30000 });
    assert.match(await error.innerText(), /Ta kopia zapasowa jest uszkodzona lub niekompletna/);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(await input.getAttribute('aria-describedby'), 'restore-file-error');
    await page.getByTestId('restore-backup').screenshot({ path: join(shots, '25-restore-error-pl.png') });

    await input.setInputFiles({ name: 'klienci.csv', mimeType: 'text/csv', buffer: Buffer.from('Nazwa;Miasto\nPracownia;Łódź\n') });
    await page.getByTestId('restore-run').click();
    await page.getByTestId('restore-confirm').click();
    await page.waitForFunction(() => /nie jest kopią zapasową sbcc/.test(document.querySelector('[data-testid=restore-error]')?.textContent ?? ''));

    assert.equal((await server.call('Status')).counts.actor, 2);
    assert.deepEqual(pageErrors, []);
  });
});
