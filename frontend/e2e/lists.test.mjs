// Browser tests of the long lists: Offers & needs, Events and the records an
// indicator counts come from Go one page at a time, say how many there are
// ("1–50 of 600") and turn pages; the map's clusters count every actor.
// A demo of 3,000 actors (600 posts, 120 events) on a temporary folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, sbcc, startServer } from './harness.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('long lists', () => {
  let server, browser, page;
  const pageErrors = [];
  const actors = 3000;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbcc-e2e-lists-'));
    sbcc(dir, 'demo', '--actors', String(actors));
    server = await startServer(dir);
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('offers and needs: one page drawn, the total said, the next page', async () => {
    const all = await server.call('PostsPage', { limit: 1 });
    assert.ok(all.total > 100, `demo posts: ${all.total}`);
    await page.goto(server.url + '#/posts');
    const pager = page.getByTestId('posts-pager');
    await pager.waitFor();
    assert.equal(Number(await pager.getAttribute('data-total')), all.total);
    assert.equal(await page.getByTestId('post').count(), 50);
    assert.match(await pager.innerText(), new RegExp(`1–50 of ${all.total.toLocaleString('en-GB')}`));
    const first = await page.getByTestId('post').first().innerText();
    await page.getByTestId('posts-pager-next').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=posts-pager]')?.dataset.offset === '50');
    assert.notEqual(await page.getByTestId('post').first().innerText(), first);
    assert.match(await pager.innerText(), /51–100 of/);
    // A filter starts again from the first page.
    await page.locator('.filters input[type=search]').fill('a');
    await page.waitForFunction(() => document.querySelector('[data-testid=posts-pager]')?.dataset.offset === '0');
  });

  test('events: the search says how many it found of all, and pages through them', async () => {
    await page.goto(server.url + '#/events');
    const pager = page.getByTestId('events-pager');
    await pager.waitFor();
    const total = Number(await pager.getAttribute('data-total'));
    assert.ok(total > 50, `demo events: ${total}`);
    assert.equal(await page.getByTestId('event-row').count(), 50);
    let q = '', found = { total: 0 };
    for (const word of ['2025', '2026', 'workshop', 'forum']) {
      const f = await server.call('EventsPage', { query: word, limit: 1 });
      if (f.total > found.total) [q, found] = [word, f];
    }
    assert.ok(found.total > 50 && found.total < total, `events with "${q}": ${found.total} of ${total}`);
    await page.getByTestId('event-search').fill(q);
    await page.waitForFunction((n) => document.querySelector('[data-testid=events-pager]')?.dataset.total === String(n), found.total);
    assert.match(await pager.innerText(), new RegExp(`1–50 of ${found.total.toLocaleString('en-GB')}`));
    await page.getByTestId('events-pager-next').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=events-pager]')?.dataset.offset === '50');
    assert.equal(await page.getByTestId('event-row').count(), Math.min(50, found.total - 50));
  });

  test('indicators: the counted records are shown a page at a time', async () => {
    await page.goto(server.url + '#/report');
    await page.getByTestId('figure').first().waitFor();
    const figures = await page.getByTestId('figure').evaluateAll((els) => els.map((e) => ({ code: e.dataset.code, value: Number(e.dataset.value) })));
    const big = figures.sort((a, b) => b.value - a.value)[0];
    assert.ok(big.value > 100, `largest figure ${big.code} = ${big.value}`);
    const fig = page.locator(`[data-testid=figure][data-code=${big.code}]`);
    await fig.getByTestId('drill').click();
    await fig.getByTestId('records').locator('li').first().waitFor();
    assert.equal(await fig.getByTestId('records').locator('li').count(), 100);
    const pager = fig.getByTestId('records-pager');
    assert.ok(Number(await pager.getAttribute('data-total')) >= 100);
    await fig.getByTestId('records-pager-next').click();
    await page.waitForFunction((code) => document.querySelector(`[data-code=${code}] [data-testid=records-pager]`)?.dataset.offset === '100', big.code);
    await fig.getByTestId('drill').click();
    await fig.getByTestId('records').waitFor({ state: 'detached' });
  });

  test('search: Tab reaches the results before the facet buttons', async () => {
    await page.goto(server.url + '#/search');
    await page.getByTestId('hit').first().waitFor();
    await page.locator('#search-input').focus();
    let where = '';
    for (let i = 0; i < 6 && !where; i++) {
      await page.keyboard.press('Tab');
      where = await page.evaluate(() => (document.activeElement?.closest('.results') ? 'results' : document.activeElement?.closest('.facets') ? 'facets' : ''));
    }
    assert.equal(where, 'results');
  });

  test('the map counts every actor in its clusters, not a first few', async () => {
    await page.goto(server.url + '#/map');
    const counts = page.getByTestId('map-counts');
    await counts.waitFor();
    assert.equal(Number(await counts.getAttribute('data-total')), actors);
    const placed = Number(await counts.getAttribute('data-points'));
    assert.ok(placed > actors * 0.9, `placed ${placed}`);
    await page.locator('[data-testid=map-cluster]').first().waitFor();
    const onMap = await page.locator('[data-testid=map-cluster],[data-testid=map-marker]').evaluateAll((els) =>
      els.reduce((n, e) => n + (e.dataset.testid === 'map-cluster' ? Number(e.dataset.count) : 1), 0));
    assert.equal(onMap, placed, 'every placed actor is in one cluster or marker of the whole region');
    assert.deepEqual(pageErrors, []);
  });
});
