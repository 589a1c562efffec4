// Browser test of the import wizard with a workbook as offices keep it
// (app/testdata/office-list-pl.xlsx, zipped by hand): the wizard finds the
// list's sheet and header row, says which, lets the person choose others,
// and the dry run warns of the sector it keeps as a tag.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, root, startServer } from './harness.mjs';

describe('import of an office workbook', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the sheet and header row are found, shown and can be chosen', async () => {
    await page.goto(server.url + '#/import');
    const buffer = readFileSync(join(root, 'app', 'testdata', 'office-list-pl.xlsx'));
    await page.getByTestId('import-file').setInputFiles({ name: 'office-list-pl.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await page.getByTestId('import-detected').waitFor();
    const sheet = page.locator('select[data-testid=import-sheet]');
    const row = page.locator('input[data-testid=import-header-row]');
    assert.equal(await sheet.inputValue(), 'Lista');
    assert.equal(await row.inputValue(), '3');
    await sheet.selectOption('Instrukcja');
    await page.waitForFunction(() => document.querySelector('input[data-testid=import-header-row]')?.value === '1');
    await sheet.selectOption('Lista');
    await page.waitForFunction(() => document.querySelector('input[data-testid=import-header-row]')?.value === '3');
    await page.getByTestId('preview-row').first().waitFor();
    assert.equal(await page.getByTestId('preview-row').count(), 3);
    await page.getByTestId('import-check').click();
    const warning = page.getByTestId('row-warning');
    await warning.first().waitFor();
    assert.equal(await warning.count(), 1);
    assert.match(await warning.innerText(), /Kulinaria/);
  });
});
