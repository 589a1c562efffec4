// Row problems of an import in the person's language (issue 16): the file
// reader's (a broken quote, a card's values not taken) and the importer's
// (an unknown sector kept as a tag, a coordinate that is no number) reach
// the wizard as codes and are shown as sentences of the UI's catalogue.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, shots, startServer } from './harness.mjs';

const CSV = 'Nazwa;Szerokość;Długość;Sektor\nPracownia Wschód;53,4;14,5;wikliniarstwo\nBare "quote;;;\nPracownia Zachód;północ;14,5;projektowanie\n';

describe('row problems in the UI language', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    await server.call('SaveSettings', { office: '', language: 'pl', dataDir: '' });
    browser = await launch({ viewport: { width: 1366, height: 768 } });
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a broken quote, a bad number and an unknown sector are said in Polish', async () => {
    await page.goto(server.url + '#/import');
    await page.getByTestId('import-file').setInputFiles({ name: 'lista.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('import-detected').waitFor();
    await page.getByTestId('import-check').click();
    await page.getByTestId('dry-summary').waitFor();
    const errors = await page.getByTestId('row-error').allTextContents();
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors[0], /^3.*Cudzysłów w środku komórki bez cudzysłowów \(przy znaku 6\)/);
    assert.match(errors[1], /^4.*Szerokość.*„północ” nie jest liczbą/);
    const warnings = await page.getByTestId('row-warning').allTextContents();
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /„wikliniarstwo” nie jest znanym sektorem: zachowano jako tag/);
    await page.getByTestId('row-errors').screenshot({ path: join(shots, 'transfer-row-errors-pl.png') });
  });

  test('an empty file and a damaged workbook are said in Polish, with no English', async () => {
    page = await browser.context.newPage(); // the wizard from the start
    await page.goto(server.url + '#/import');
    await page.getByTestId('import-file').setInputFiles({ name: 'pusta.csv', mimeType: 'text/csv', buffer: Buffer.from('  \n') });
    await page.getByTestId('import-error').waitFor();
    assert.equal((await page.getByTestId('import-error').textContent()).trim(), 'Ten plik jest pusty.');
    await page.getByTestId('import-file').setInputFiles({ name: 'lista.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('to nie jest skoroszyt') });
    await page.getByTestId('import-error').filter({ hasText: 'Nie można odczytać' }).waitFor();
    assert.doesNotMatch(await page.getByTestId('import-error').textContent(), /cannot|invalid|\(/);
  });
});
