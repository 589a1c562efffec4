// Facets in the browser (issue 16): two values of one facet combine with OR
// (country PL or LT), facets with AND; the choice is in the address, so a
// link shows the same search and Back goes to the previous choice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, shots, startServer } from './harness.mjs';

describe('facets', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    await server.call('LoadDemo');
    browser = await launch({ viewport: { width: 1366, height: 768 } });
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const total = async () => Number(await page.getByTestId('result-count').getAttribute('data-total'));
  const value = (facet, v) => page.locator(`[data-facet=${facet}] button.fv[data-value="${v}"]`);
  const count = async (facet, v) => Number((await value(facet, v).locator('.fv-count').textContent()).replace(/\D/g, ''));
  /** totalIs waits for the result count to be n. */
  const totalIs = (n) => page.waitForFunction((n) => Number(document.querySelector('[data-testid=result-count]')?.getAttribute('data-total')) === n, n);
  const api = async (filters) => (await server.call('Search', { query: '', filters, limit: 1 })).total;

  test('PL or LT, then a sector; in the address; Back and a shared link', async () => {
    await page.goto(server.url + '#/search');
    await value('country', 'PL').waitFor();
    const pl = await count('country', 'PL');
    const lt = await count('country', 'LT');
    assert.equal(pl, await api({ country: ['PL'] }));
    await value('country', 'PL').click();
    await totalIs(pl);
    assert.match(page.url(), /#\/search\?country=PL$/);
    // LT is still offered with its own count while PL is chosen.
    assert.equal(await count('country', 'LT'), lt);
    await value('country', 'LT').click();
    await totalIs(pl + lt);
    assert.match(page.url(), /#\/search\?country=PL&country=LT$/);
    assert.equal(await value('country', 'PL').getAttribute('aria-pressed'), 'true');
    assert.equal(await value('country', 'LT').getAttribute('aria-pressed'), 'true');
    // A sector narrows (AND across facets).
    const design = await api({ country: ['PL', 'LT'], sector: ['design'] });
    assert.ok(design > 0 && design < pl + lt);
    await value('sector', 'design').click();
    await totalIs(design);
    assert.match(page.url(), /sector=design&country=PL&country=LT$/);
    await page.screenshot({ path: join(shots, '03-facets-or.png') });
    const shared = page.url();

    await page.goBack();
    await totalIs(pl + lt);
    assert.match(page.url(), /#\/search\?country=PL&country=LT$/);
    await page.goBack();
    await totalIs(pl);
    await page.goForward();
    await totalIs(pl + lt);

    const other = await browser.context.newPage();
    await other.goto(shared);
    await other.waitForFunction((n) => Number(document.querySelector('[data-testid=result-count]')?.getAttribute('data-total')) === n, design);
    assert.equal(await other.getByTestId('chip').count(), 3);
    await other.close();
  });

  test('the words are in the address too, and back from a profile keeps the search', async () => {
    await page.goto(server.url + '#/search?country=LT');
    await page.locator('#search-input').fill('studija');
    await page.waitForFunction(() => location.hash === '#/search?q=studija&country=LT');
    await page.getByTestId('hit').first().click();
    await page.getByTestId('actor-name').waitFor();
    await page.locator('a.back').click();
    await page.waitForFunction(() => location.hash === '#/search?q=studija&country=LT');
    assert.equal(await page.locator('#search-input').inputValue(), 'studija');
  });
});
