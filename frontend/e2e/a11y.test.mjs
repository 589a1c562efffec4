// Accessibility of every screen (issue 16): axe-core's WCAG 2.1 A/AA rules
// run in Debian's chromium on each screen of the app, on the real binary,
// with data in every list: the demo network, a conflict between two offices
// (made with sync files), a deleted actor, an import in the history. No
// serious or critical violation may remain.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { bin, launch, sbcc, startServer } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** CSV is a small office list for the import wizard. */
const CSV = 'Nazwa;Miejscowość;E-mail;Sektor\nPracownia Wschód;Łódź;biuro@wschod.pl;design\nBad row;Łódź;info@@bad;design\n';

/**
 * violations runs axe on the page as it is and returns its serious and
 * critical WCAG 2.1 A/AA violations as readable lines.
 */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const res = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
}

/** expectClean asserts that the screen shown has no serious or critical violation. */
async function expectClean(page, screen) {
  assert.deepEqual(await violations(page), [], screen);
}

describe('accessibility of the first start and the import wizard', () => {
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

  test('first start', async () => {
    await page.goto(server.url);
    await page.getByTestId('load-demo').waitFor();
    await expectClean(page, 'first start');
    await page.getByTestId('create-network').click();
    await page.getByTestId('office-error').waitFor();
    await expectClean(page, 'first start with an error at its field');
  });

  test('import wizard: choose, preview, check, done, history', async () => {
    await page.goto(server.url + '#/import');
    await page.getByTestId('dropzone').waitFor();
    await expectClean(page, 'import: choose a file');
    await page.getByTestId('import-file').setInputFiles({ name: 'lista.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('import-detected').waitFor();
    await expectClean(page, 'import: preview and mapping');
    await page.getByTestId('import-check').click();
    await page.getByTestId('dry-summary').waitFor();
    await expectClean(page, 'import: the check');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor();
    await expectClean(page, 'import: done');
    await page.goto(server.url + '#/data');
    await page.getByTestId('history-undo').waitFor();
    await expectClean(page, 'data with the import history');
    await page.getByTestId('history-undo').click();
    await page.getByRole('dialog').waitFor();
    await expectClean(page, 'undo import dialog');
  });
});

describe('accessibility of every screen with data', () => {
  let work, server, browser, page, actor, event;

  before(async () => {
    // Two offices of one network; the second holds the demo network and a
    // conflict with the first, brought by sync files.
    work = mkdtempSync(join(tmpdir(), 'sbcc-e2e-a11y-'));
    const a = join(work, 'a');
    const b = join(work, 'b');
    sbcc(a, 'network', 'init', '--office', 'Rostock');
    const code = sbcc(a, 'network', 'invite', '--addr', '127.0.0.1:9').trim();
    sbcc(b, 'network', 'join', code, '--office', 'Rietavas');
    sbcc(b, 'demo', '--actors', '300');
    const put = (dir, rec) => execFileSync(bin, ['--data', dir, 'put', 'actor'], { input: JSON.stringify(rec), encoding: 'utf8' }).trim();
    const id = put(a, { kind: 'organisation', name: 'Garso studija Vėjas', country: 'LT', phone: '+370 600 00001' });
    const file = join(work, 'a.sbcc-sync');
    sbcc(a, 'sync', 'export', '--all', '-o', file);
    sbcc(b, 'sync', 'import', file);
    put(a, { id, kind: 'organisation', name: 'Garso studija Vėjas', country: 'LT', phone: '+49 381 000001' });
    put(b, { id, kind: 'organisation', name: 'Garso studija Vėjas', country: 'LT', phone: '+370 600 00002' });
    rmSync(file);
    sbcc(a, 'sync', 'export', '--all', '-o', file);
    sbcc(b, 'sync', 'import', file);
    server = await startServer(b);
    assert.equal((await server.call('Conflicts')).length, 1, 'a conflict to show');
    const gone = (await server.call('SaveActor', { kind: 'organisation', name: 'Teatr Kana', country: 'PL' })).actor;
    await server.call('Delete', gone.id);
    actor = (await server.call('Search', { query: '', filters: { kind: ['hub'] }, limit: 1 })).hits[0];
    event = (await server.call('ListEvents')).find((e) => e.event.kind === 'annual-forum').event;
    for (const country of ['LT', 'PL', 'DE', 'SE']) {
      const hits = (await server.call('Search', { query: '', filters: { country: [country] }, limit: 3 })).hits;
      for (const h of hits) await server.call('Register', event.id, h.id, '', 'participant').catch(() => {});
    }
    browser = await launch({ viewport: { width: 1366, height: 768 } });
    page = await browser.context.newPage();
    page.on('dialog', (d) => d.accept().catch(() => {}));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('search, with a query and a facet chosen', async () => {
    await page.goto(server.url + '#/search');
    await page.getByTestId('hit').first().waitFor();
    await expectClean(page, 'search');
    await page.locator('#search-input').fill('studio');
    await page.getByTestId('hit').first().waitFor();
    await page.locator('[data-facet=country] button.fv').first().click();
    await page.getByTestId('hit').first().waitFor();
    await expectClean(page, 'search with a query and a facet');
  });

  test('profile, with links, history and the erase dialog', async () => {
    await page.goto(server.url + '#/actor/' + actor.id);
    await page.getByTestId('history').waitFor();
    await expectClean(page, 'profile');
    await page.getByTestId('erase').click();
    await page.getByRole('dialog').waitFor();
    await expectClean(page, 'erase dialog');
    await page.keyboard.press('Escape');
  });

  test('edit form, and a new actor with its problems shown', async () => {
    await page.goto(server.url + '#/actor/' + actor.id + '/edit');
    await page.getByTestId('save').waitFor();
    await expectClean(page, 'edit form');
    await page.goto(server.url + '#/new');
    await page.getByTestId('save').waitFor();
    await page.locator('input[type=email]').first().fill('info@@bad');
    await page.getByTestId('save').click();
    await page.getByTestId('error-email').waitFor();
    await expectClean(page, 'new actor with problems');
  });

  for (const [name, hash, ready] of [
    ['network graph', '#/graph', '[data-testid=graph-summary]'],
    ['an actor\'s own network', () => '#/graph/' + actor.id, '[data-testid=graph-expand]'],
    ['map', '#/map', '[data-testid=map-cluster]'],
    ['events', '#/events', '[data-testid=event-row]'],
    ['event', () => '#/event/' + event.id, '[data-testid=open-speed]'],
    ['speed dating', () => '#/speed/' + event.id, '[data-testid=speed-title]'],
    ['offers and needs', '#/posts', '[data-testid=post]'],
    ['indicators', '#/report', '[data-testid=figure]'],
    ['conflicts', '#/conflicts', '[data-testid=conflict]'],
    ['sync', '#/sync', '[data-testid=syncfile]'],
    ['data, with the deleted view', '#/data', '[data-testid=deleted-row]'],
    ['catalogue', '#/publish', '[data-testid=publish]'],
    ['settings', '#/settings', '[data-testid=network-member]'],
  ]) {
    test(name, async () => {
      await page.goto(server.url + (typeof hash === 'function' ? hash() : hash));
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle').catch(() => {});
      await expectClean(page, name);
    });
  }

  test('new event and new post forms', async () => {
    await page.goto(server.url + '#/events');
    await page.getByTestId('new-event').click();
    await page.getByTestId('event-form').waitFor();
    await expectClean(page, 'new event form');
    await page.goto(server.url + '#/posts');
    await page.getByTestId('new-post').click();
    await page.getByTestId('post-form').waitFor();
    await expectClean(page, 'new post form');
  });

  test('speed dating with a session, suggestions and a plan', async () => {
    await page.goto(server.url + '#/speed/' + event.id);
    await page.getByTestId('tables').fill('4');
    await page.locator('input[type=time]').fill('14:00');
    await page.getByTestId('save-session').click();
    await page.getByTestId('wish-form').waitFor();
    await page.getByTestId('suggest').click();
    await page.getByTestId('suggestions').waitFor();
    await page.getByTestId('plan').click();
    await page.getByTestId('plan-stats').waitFor();
    await expectClean(page, 'speed dating plan');
  });

  test('indicators with the counted records open', async () => {
    await page.goto(server.url + '#/report');
    await page.getByTestId('drill').first().click();
    await page.getByTestId('records').first().waitFor();
    await expectClean(page, 'indicator records');
  });
});
