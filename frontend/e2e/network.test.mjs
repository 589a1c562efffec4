// Browser tests of the network screens: graph, map, events and check-in,
// indicators, links and matchmaking on the profile, offers and needs. The
// real sbcc binary serves the built UI on a temporary folder with the demo
// network; Debian's chromium drives it through playwright-core.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, shots, startServer } from './harness.mjs';

describe('network screens', () => {
  let server, browser, page;
  const cspErrors = [];
  const pageErrors = [];
  const year = new Date().getFullYear();
  const figure = async (code) => {
    const r = await server.call('Indicators', `${year}-01-01`, `${year}-12-31`);
    return r.figures.find((f) => f.code === code).value;
  };
  const shot = (name) => page.screenshot({ path: join(shots, name + '.png') });
  const firstOf = async (country) => (await server.call('Search', { query: '', filters: { country: [country] }, limit: 1 })).hits[0];

  before(async () => {
    server = await startServer();
    await server.call('LoadDemo');
    browser = await launch();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(page.url() + ' ' + m.text() + ' ' + JSON.stringify(m.location()));
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const drawn = async () => {
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=graph-canvas]')?.getAttribute('data-drawn')) >= 0, null, { timeout: 90000 });
    return Number(await page.getByTestId('graph-canvas').getAttribute('data-drawn'));
  };

  test('the graph draws as many actors as the API returns', async () => {
    await page.goto(server.url + '#/graph');
    const api = await server.call('Graph', { limit: 600 });
    assert.equal(await drawn(), api.nodes.length);
    const summary = page.getByTestId('graph-summary');
    assert.equal(Number(await summary.getAttribute('data-actors')), api.summary.actors);
    assert.equal(Number(await summary.getAttribute('data-links')), api.summary.links);
    assert.ok(api.summary.actors >= 300 && api.summary.crossBorderActors > 0);
    await shot('20-graph');
    await page.getByTestId('graph-country').selectOption('SE');
    const se = await server.call('Graph', { country: 'SE', limit: 600 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=graph-summary]')?.getAttribute('data-actors')) === n, se.summary.actors);
    assert.equal(await drawn(), se.nodes.length);
    assert.ok(se.nodes.length < api.nodes.length);
  });

  test('the map shows the current search results', async () => {
    await page.goto(server.url + '#/search');
    await page.locator('#search-input').fill('design');
    await page.getByTestId('hit').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=result-count]')?.closest('[aria-busy=true]'));
    await page.waitForTimeout(300);
    const total = Number(await page.getByTestId('result-count').getAttribute('data-total'));
    await page.locator('[data-nav=map]').click();
    await page.getByTestId('map-counts').waitFor();
    assert.equal(Number(await page.getByTestId('map-counts').getAttribute('data-total')), total);
    const points = Number(await page.getByTestId('map-counts').getAttribute('data-points'));
    assert.ok(points > 0 && points <= total);
    const onMap = async () => {
      const clusters = await page.locator('[data-testid=map-cluster]').evaluateAll((els) => els.reduce((n, e) => n + Number(e.getAttribute('data-count')), 0));
      return { clusters, markers: await page.getByTestId('map-marker').count() };
    };
    const far = await onMap();
    assert.equal(far.clusters + far.markers, points, 'every result is on the map once');
    await page.waitForTimeout(800); // the outline loads lazily
    await shot('21-map');
    const biggest = page.locator('[data-testid=map-cluster]').first();
    const items = async () => (await page.getByTestId('map-cluster').count()) + (await page.getByTestId('map-marker').count());
    const before = await items();
    await biggest.click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=map-cluster],[data-testid=map-marker]').length !== n, before);
    const near = await onMap();
    assert.ok(near.markers > far.markers || near.clusters < far.clusters, 'zooming in splits clusters');
    await shot('22-map-zoomed');
    // Zoom further until single markers show (close points may stay clustered a while).
    for (let i = 0; i < 8 && (await page.getByTestId('map-marker').count()) === 0; i++) {
      const n = await items();
      await page.locator('[data-testid=map-cluster]').first().click();
      await page.waitForFunction((k) => document.querySelectorAll('[data-testid=map-cluster],[data-testid=map-marker]').length !== k, n, { timeout: 5000 }).catch(() => {});
    }
    await page.getByTestId('map-marker').first().click();
    await page.getByTestId('actor-name').waitFor();
  });

  test('an event made in the UI: check-in counts in the report, and it is found by search', async () => {
    const se = await firstOf('SE');
    const de = await firstOf('DE');
    const pl = await firstOf('PL');
    const before = await figure('RCO81');

    await page.goto(server.url + '#/events');
    await page.getByTestId('new-event').click();
    await page.locator('[data-testid=event-form] input[name=title]').fill('Hafenforum Karlshamn Probe');
    await page.locator('[data-testid=event-form] select[name=kind]').selectOption('workshop');
    await page.locator('[data-testid=event-form] select[name=locality]').selectOption('karlshamn');
    for (const a of [se, de]) {
      await page.getByTestId('organiser-picker').fill(a.name);
      await page.getByTestId('picker-hit').first().waitFor();
      await page.getByTestId('picker-hit').filter({ hasText: a.name }).first().click();
    }
    await page.getByTestId('save-event').click();
    await page.getByTestId('event-title').waitFor();
    assert.equal(await page.getByTestId('event-title').innerText(), 'Hafenforum Karlshamn Probe');

    await page.getByTestId('register-picker').fill(pl.name);
    await page.getByTestId('picker-hit').filter({ hasText: pl.name }).first().click();
    await page.getByTestId('register').click();
    await page.getByTestId('attendee').first().waitFor();
    await page.locator('[data-testid=event-form], body').first().waitFor();
    const attendee = page.getByTestId('attendee').filter({ hasText: pl.name });
    assert.equal(await attendee.getAttribute('data-status'), 'registered');
    assert.equal(await figure('RCO81'), before, 'a registration alone does not count');
    await attendee.getByTestId('mark-attended').click();
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid=attendee]')].some((e) => e.textContent.includes(n) && e.getAttribute('data-status') === 'attended'), pl.name);
    await shot('23-event-checkin');
    assert.equal(await figure('RCO81'), before + 1);

    await page.goto(server.url + '#/report');
    const rco81 = page.locator('[data-testid=figure][data-code=RCO81]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=figure][data-code=RCO81]')?.getAttribute('data-value')) === n, before + 1);
    await rco81.getByTestId('drill').click();
    await rco81.getByTestId('records').getByText(pl.name).first().waitFor();
    await shot('24-report');

    await page.goto(server.url + '#/events');
    await page.getByTestId('event-search').fill('hafenforum');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=event-row]')];
      return rows.length === 1 && rows[0].textContent.includes('Hafenforum Karlshamn Probe');
    });
    const found = await server.call('FindEvents', 'hafenforum');
    assert.equal(found.length, 1);
    await page.getByTestId('event-search').fill('');
    await page.getByTestId('event-row').nth(1).waitFor();
    await shot('25-events');
  });

  test('links on the profile, the neighbourhood graph and matchmaking', async () => {
    const se = await firstOf('SE');
    const lt = await firstOf('LT');
    await page.goto(server.url + '#/actor/' + se.id);
    await page.getByTestId('links').waitFor();
    const links = () => page.getByTestId('link-row').count();
    await page.waitForTimeout(300);
    const n0 = await links();
    await page.getByTestId('add-link').click();
    await page.getByTestId('link-picker').fill(lt.name);
    await page.getByTestId('picker-hit').filter({ hasText: lt.name }).first().click();
    await page.locator('[data-testid=link-form] select[name=type]').selectOption('co-organised');
    await page.locator('[data-testid=link-form] input[name=note]').fill('Joint festival');
    await page.getByTestId('save-link').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=link-row]').length === n, n0 + 1);
    const row = page.getByTestId('link-row').filter({ hasText: 'Joint festival' });
    assert.match(await row.innerText(), /Cross-border/);
    await page.getByTestId('matches').scrollIntoViewIfNeeded();
    await shot('26-profile-network');

    await page.getByTestId('show-network').click();
    const around = await server.call('Graph', { around: se.id, limit: 600 });
    assert.equal(await drawn(), around.nodes.length);
    assert.ok(around.nodes.some((n) => n.id === lt.id));
    await shot('27-graph-around');

    await page.goBack();
    await page.getByTestId('links').waitFor();
    await page.getByTestId('link-row').filter({ hasText: 'Joint festival' }).getByTestId('remove-link').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=link-row]').length === n, n0);
  });

  test('offers and needs: post and record interest', async () => {
    const de = await firstOf('DE');
    await page.goto(server.url + '#/posts');
    await page.getByTestId('new-post').click();
    await page.locator('[data-testid=post-form] input[name=title]').fill('Looking for a letterpress workshop');
    await page.locator('[data-testid=post-form] select[name=type]').selectOption('need');
    await page.getByTestId('save-post').click();
    const post = page.getByTestId('post').filter({ hasText: 'Looking for a letterpress workshop' });
    await post.waitFor();
    await post.getByTestId('add-interest').click();
    await post.getByTestId('interest-picker').fill(de.name);
    await page.getByTestId('picker-hit').filter({ hasText: de.name }).first().click();
    await post.getByText(/1 interested/).waitFor();
    await shot('28-posts');
  });

  test('no CSP violations and no page errors', () => {
    assert.deepEqual(cspErrors, []);
    assert.deepEqual(pageErrors, []);
  });
});
