// Browser end-to-end tests of the import wizard, exports, backup and the
// GDPR tools: the real sbcc binary on a temporary data folder, Debian's
// chromium through playwright-core. Run with `make e2e`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, searchPainted, shots, startServer } from './harness.mjs';

// Windows-1250 bytes of the Polish letters used below (Excel on a Polish computer).
const CP1250 = { Ł: 0xa3, ł: 0xb3, ó: 0xf3, ź: 0x9f, Ż: 0xaf, ż: 0xbf, ś: 0x9c, Ś: 0x8c, ą: 0xb9, ę: 0xea, ć: 0xe6, ń: 0xf1 };
function cp1250(text) {
  return Buffer.from([...text].map((c) => (c.charCodeAt(0) < 128 ? c.charCodeAt(0) : CP1250[c] ?? 0x3f)));
}

// Row 3 has a bad e-mail address; row 4 is the actor already in the
// directory (same e-mail). Rows are numbered as in the file (header = 1).
const CSV =
  'Nazwa;Miejscowość;Adres e-mail;Kraj;Branża\r\n' +
  'Pracownia Łódź Wschód;Łódź;biuro@wschod.pl;Polska;Projektowanie\r\n' +
  'Żółta Łódka;Szczecin;to nie jest e-mail;Polska;Projektowanie\r\n' +
  'Studio Kontakt Szczecin;Szczecin;kontakt@studio.pl;Polska;\r\n' +
  'Galeria Ślązaczka;Szczecin;galeria@slask.pl;Polska;Sztuki wizualne\r\n';

describe('import, export, backup and personal data in a browser', () => {
  let server, browser, page;
  const cspErrors = [];
  const pageErrors = [];
  let existingId = '';

  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await browser.context.newPage();
    page.on('dialog', (d) => d.dismiss().catch(() => {}));
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e) + '\n' + e.stack));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // The page scrolls inside .page: grow the window to its height for the shot.
  async function shot(name) {
    const h = await page.evaluate(() => Math.max(800, document.querySelector('.page')?.scrollHeight ?? 0));
    await page.setViewportSize({ width: 1280, height: Math.min(h, 3000) });
    await page.screenshot({ path: join(shots, name + '.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function searchFor(q) {
    await page.goto(server.url + '#/search');
    const input = page.locator('#search-input');
    await input.waitFor();
    await input.fill(q);
    await searchPainted(page, q);
    // textContent, not innerText: a hit row has content-visibility: auto, and
    // Chromium gives the innerText of a row inserted in this frame as ''.
    return page.getByTestId('hit').allTextContents();
  }

  test('the Data screen leads to the import wizard', async () => {
    // (The first start's "Choose file…" opens a picker: e2e/firststart.test.mjs.)
    await page.goto(server.url + '#/data');
    await page.getByTestId('start-import').click();
    await page.getByTestId('dropzone').waitFor();
    assert.match(page.url(), /#\/import$/);
    await shot('transfer-01-choose');
  });

  test('a Polish CSV in Windows-1250 is previewed as parsed', async () => {
    const v = await server.call('SaveActor', { kind: 'organisation', name: 'Studio Kontakt', email: 'kontakt@studio.pl', country: 'PL' });
    existingId = v.actor.id;
    await page.getByTestId('import-file').setInputFiles({ name: 'kontakty.csv', mimeType: 'text/csv', buffer: cp1250(CSV) });
    await page.getByTestId('import-detected').waitFor();
    assert.equal(await page.getByTestId('detected-format').innerText(), 'CSV');
    assert.equal(await page.getByTestId('detected-encoding').innerText(), 'windows-1250');
    assert.equal(await page.getByTestId('detected-delimiter').innerText(), 'semicolon');
    const rows = page.getByTestId('preview-row');
    assert.equal(await rows.count(), 4);
    assert.match(await rows.first().innerText(), /Pracownia Łódź Wschód/);
    // Headers recognised in Polish.
    assert.equal(await page.getByTestId('map-0').inputValue(), 'name');
    assert.equal(await page.getByTestId('map-1').inputValue(), 'locality');
    assert.equal(await page.getByTestId('map-2').inputValue(), 'email');
    assert.equal(await page.getByTestId('map-4').inputValue(), 'sectors');
    // Leaving out the name column says why the import cannot go on; putting it back lifts that.
    await page.getByTestId('map-0').selectOption('');
    await page.getByTestId('no-name').waitFor();
    assert.ok(await page.getByTestId('import-check').isDisabled());
    await page.getByTestId('map-0').selectOption('name');
    await page.getByTestId('no-name').waitFor({ state: 'detached' });
    await shot('transfer-02-preview');
  });

  test('the check shows the bad row and the duplicate, and saves nothing', async () => {
    assert.ok(await page.getByTestId('import-run').isDisabled(), 'import waits for the check');
    await page.getByTestId('import-check').click();
    await page.getByTestId('dry-summary').waitFor();
    const errors = await page.getByTestId('row-error').allInnerTexts();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^3\s+Adres e-mail\s+\S/);
    const dups = await page.getByTestId('duplicate').allInnerTexts();
    assert.equal(dups.length, 1);
    assert.match(dups[0], /^4\s+e-mail.*kontakt@studio\.pl\s+Studio Kontakt$/s);
    assert.match(await page.locator('[data-testid=preview-row][data-line="3"]').getAttribute('class'), /bad/);
    assert.match(await page.locator('[data-testid=preview-row][data-line="4"]').getAttribute('class'), /dup/);
    assert.equal((await server.call('Status')).counts.actor, 1, 'the check wrote nothing');
    await shot('transfer-03-check');
  });

  test('import, then find the imported actor in search', async () => {
    await page.getByTestId('policy-skip').check();
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor();
    assert.match(await page.getByTestId('import-summary').innerText(), /New actors: 2, updated: 0, skipped: 1, left out: 1/);
    await page.getByTestId('import-log').first().waitFor();
    assert.equal(await page.getByTestId('import-log').count(), 1);
    await shot('transfer-04-done');
    const hits = await searchFor('wschod');
    assert.equal(hits.length, 1);
    assert.match(hits[0], /Pracownia Łódź Wschód/);
  });

  test('undo from the history, and the actor is gone', async () => {
    await page.goto(server.url + '#/data');
    await page.getByTestId('history-undo').click();
    await page.getByTestId('undo-confirm').click();
    await page.locator('[data-testid=import-log] .chip').waitFor();
    assert.match(await page.locator('.toast').innerText(), /Actors deleted: 2/);
    assert.deepEqual(await searchFor('wschod'), []);
    assert.equal((await server.call('Status')).counts.actor, 1);
  });

  test('export CSV downloads a file starting with the UTF-8 BOM', async () => {
    await page.goto(server.url + '#/data');
    await page.getByTestId('format-csv').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    assert.match(download.suggestedFilename(), /^sbcc-.*-directory-\d{4}-\d{2}-\d{2}\.csv$/);
    const raw = readFileSync(await download.path());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(raw.toString('utf8'), /Studio Kontakt/);
  });

  test('export the current search as vCard', async () => {
    await server.call('SaveActor', { kind: 'organisation', name: 'Łódź Film', country: 'PL', locality: 'lodz', email: 'film@lodz.pl' });
    await searchFor('lodz');
    await page.locator('[data-nav=data]').click();
    await page.getByTestId('scope-search').check();
    await page.getByTestId('format-vcf').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    assert.match(download.suggestedFilename(), /-search-.*\.vcf$/);
    const text = readFileSync(await download.path(), 'utf8');
    assert.match(text, /FN:Łódź Film/);
    assert.doesNotMatch(text, /Studio Kontakt/);
  });

  test('backup downloads a backup file; the command-line restore is explained', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-run').click()]);
    assert.match(download.suggestedFilename(), /\.sbcc-backup$/);
    assert.equal(readFileSync(await download.path()).subarray(0, 12).toString(), 'sbcc-backup\n');
    assert.match(await page.getByTestId('restore-command').textContent(), /^".+sbcc[^"]*" restore .*\.sbcc-backup --force --data ".+"$/);
  });

  test('consents ending soon are listed', async () => {
    const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    await server.call('SaveConsent', { subject: existingId, purpose: 'Newsletter', basis: 'consent', given: '2026-01-02', expires: inDays(12) });
    await server.call('SaveConsent', { subject: existingId, purpose: 'Photos', basis: 'consent', given: '2026-01-02', expires: inDays(200) });
    await page.reload();
    await page.getByTestId('expiring-consent').first().waitFor();
    assert.equal(await page.getByTestId('expiring-consent').count(), 1);
    assert.match(await page.getByTestId('expiring-consent').innerText(), /Studio Kontakt\s+Newsletter.*in 12 days/s);
    await page.getByTestId('consent-days').fill('365');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=expiring-consent]').length === 2);
    await page.getByTestId('consent-days').fill('30');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=expiring-consent]').length === 1);
    await shot('transfer-05-data');
  });

  test('the profile exports the personal data as JSON', async () => {
    await page.goto(server.url + '#/actor/' + existingId);
    await page.getByTestId('actor-name').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('subject-export').click()]);
    assert.match(download.suggestedFilename(), /^personal-data-studio-kontakt-\d{4}-\d{2}-\d{2}\.json$/);
    const sub = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(sub.actor.email, 'kontakt@studio.pl');
    assert.equal(sub.consents.length, 2);
    assert.ok(sub.history.length >= 1);
    await shot('transfer-06-profile');
  });

  test('drag and drop opens a file; the wizard speaks Polish', async () => {
    await server.call('SaveSettings', { office: '', language: 'pl', dataDir: '' });
    await page.goto(server.url + '#/import');
    await page.reload();
    await page.getByTestId('dropzone').waitFor();
    assert.match(await page.getByTestId('dropzone').innerText(), /Upuść plik tutaj/);
    const csv = 'Name,E-Mail,Ort,Beschreibung\nAtelier Rostock,info@atelier-rostock.de,Rostock,Keramik\nBad,kein-mail,Rostock,\n';
    await page.evaluate((csv) => {
      const dt = new DataTransfer();
      dt.items.add(new File([csv], 'atelier.csv', { type: 'text/csv' }));
      document.querySelector('[data-testid=dropzone]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, csv);
    await page.getByTestId('import-detected').waitFor();
    assert.equal(await page.getByTestId('detected-delimiter').innerText(), 'przecinek');
    assert.equal(await page.getByTestId('map-3').inputValue(), 'description.de');
    assert.equal(await page.locator('[data-testid=map-3] option:checked').innerText(), 'Opis (Niemiecki)');
    await page.getByTestId('import-check').click();
    await page.getByTestId('row-error').waitFor();
    await shot('transfer-07-polish');
    await server.call('SaveSettings', { office: '', language: 'en', dataDir: '' });
  });

  test('no script errors and no CSP violations', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspErrors, []);
  });
});
