// The first start (issue 16): a language picker whose choice is kept like
// the Settings one, "Choose file…" opening a file picker that leads into the
// import wizard, and the page's icon.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, shots, startServer } from './harness.mjs';

describe('first start', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    browser = await launch({ viewport: { width: 1366, height: 768 } });
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the language is chosen on the first start and kept', async () => {
    await page.goto(server.url);
    await page.getByTestId('load-demo').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    for (const [lang, title] of [['lt', /Sveiki/], ['pl', /Witamy/], ['de', /Willkommen/], ['sv', /Välkommen/], ['en', /Welcome/]]) {
      await page.getByTestId('first-lang-' + lang).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(await page.getByTestId('first-lang-' + lang).getAttribute('aria-pressed'), 'true');
      assert.equal((await server.call('Settings')).language, lang);
    }
    await page.getByTestId('first-lang-pl').click();
    await page.getByRole('heading', { level: 1, name: /Witamy/ }).waitFor();
    await page.screenshot({ path: join(shots, '00-first-start-pl.png') });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Witamy/ }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'pl');
    await page.goto(server.url + '#/settings');
    assert.equal(await page.getByTestId('language').inputValue(), 'pl');
  });

  test('"Choose file…" opens a file picker and the wizard shows the file', async () => {
    await page.goto(server.url + '#/welcome');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('first-import').click()]);
    await chooser.setFiles({ name: 'lista.csv', mimeType: 'text/csv', buffer: Buffer.from('Nazwa;Miejscowość\nPracownia Wschód;Łódź\n') });
    await page.getByTestId('import-detected').waitFor();
    assert.match(page.url(), /#\/import$/);
    assert.match(await page.getByTestId('import-detected').innerText(), /lista\.csv/);
  });

  test('the page has an icon', async () => {
    const href = await page.locator('link[rel=icon]').getAttribute('href');
    const r = await fetch(new URL(href, server.url));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /image\/svg\+xml/);
  });
});
