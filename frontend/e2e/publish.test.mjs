// Browser test of the published catalogue: `sbcc publish` writes the demo
// network's site into a folder, and Debian's chromium opens it from file://
// — search as you type with diacritics folded, the languages, the map —
// with no request outside the folder, no CSP violation, and axe-core's
// WCAG 2.1 AA rules on each page type with no serious violation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, sbcc, shots } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('published catalogue', () => {
  let dir, browser, page;
  const outside = [];
  const cspErrors = [];
  const pageErrors = [];
  const site = (p) => pathToFileURL(join(dir, 'site', p)).href;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbcc-publish-'));
    sbcc(join(dir, 'data'), 'demo', '--actors', '300');
    const out = sbcc(join(dir, 'data'), 'publish', '-o', join(dir, 'site'));
    assert.match(out, /published \d+ actors/);
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) outside.push(r.url());
    });
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(page.url() + ' ' + m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('search as you type finds an actor with diacritics folded', async () => {
    await page.goto(site('en/index.html'));
    const box = page.getByLabel('Search by name, place or offer');
    await box.click();
    // "Łódź" and "Žemaitijos"-style names are typed without their marks.
    await box.pressSequentially('zemaitijos');
    const first = page.locator('#results li a').first();
    await first.waitFor();
    assert.match(await first.textContent(), /Žemaitijos/);
    await page.screenshot({ path: join(shots, 'publish-search.png') });
    await first.click();
    await page.waitForURL(/\/en\/a\/.+\.html$/);
    assert.match(await page.locator('h1').textContent(), /Žemaitijos/);
    await page.screenshot({ path: join(shots, 'publish-actor.png') });
  });

  test('the languages switch and keep the page', async () => {
    await page.goto(site('en/index.html'));
    await page.getByRole('link', { name: 'Lietuvių' }).click();
    await page.waitForURL(/\/lt\/index\.html$/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'lt');
    assert.match(await page.locator('h1').textContent(), /Pietų Baltijos/);
    const box = page.getByLabel('Ieškoti pagal pavadinimą, vietovę ar pasiūlymą');
    // A public German actor of the demo (its names: internal/demonames).
    await box.pressSequentially('ostseeküste');
    await page.locator('#results li a').first().waitFor();
    assert.match(await page.locator('#results li a').first().getAttribute('href'), /^a\//);
  });

  test('the map shows places as links', async () => {
    await page.goto(site('de/map.html'));
    const circles = page.locator('svg.map a circle');
    assert.ok((await circles.count()) >= 4, 'places on the map');
    await page.screenshot({ path: join(shots, 'publish-map.png') });
    // The last place is drawn on top (a first one can lie under a neighbour's circle).
    await page.locator('svg.map a').last().click();
    await page.waitForURL(/\/de\/place\/.+\.html$/);
    assert.ok((await page.locator('main li a').count()) > 0);
  });

  test('no serious accessibility violations on each page type', async () => {
    const pages = ['index.html', 'en/index.html', 'en/actors.html', 'en/map.html', 'pl/map.html', 'sv/index.html'];
    const links = await (async () => {
      await page.goto(site('en/index.html'));
      const sector = await page.locator('a[href^="sector/"]').first().getAttribute('href');
      const place = await page.locator('a[href^="place/"]').first().getAttribute('href');
      await page.goto(site('en/actors.html'));
      const actor = await page.locator('a[href^="a/"]').first().getAttribute('href');
      return ['en/' + sector, 'en/' + place, 'en/' + actor, 'lt/' + actor];
    })();
    // A page of its own: axe reads the style sheets, which the site's
    // policy (rightly) reports.
    const checker = await browser.context.newPage();
    for (const p of [...pages, ...links]) {
      await checker.goto(site(p));
      await checker.evaluate(axeSource);
      const res = await checker.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
      const serious = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`), [], p);
    }
    await checker.close();
  });

  test('nothing left the folder and no policy was broken', () => {
    assert.deepEqual(outside, []);
    assert.deepEqual(cspErrors, []);
    assert.deepEqual(pageErrors, []);
  });
});
