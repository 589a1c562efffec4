// Plural forms in a real screen (issue 16): the map's counts in Lithuanian
// take the form of each number ("Rastas 1 dalyvis", "Rasti 2 dalyviai"),
// not one form for all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer } from './harness.mjs';

describe('plural forms', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    await server.call('SaveSettings', { office: '', language: 'lt', dataDir: '' });
    browser = await launch();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** counts opens the map and returns its line of counts once it shows total actors. */
  async function counts(total) {
    await page.goto(server.url + '#/map');
    await page.reload();
    const line = page.getByTestId('map-counts');
    await page.waitForFunction((n) => document.querySelector('[data-testid=map-counts]')?.getAttribute('data-total') === String(n), total);
    return line.innerText();
  }

  test('the map counts actors in Lithuanian forms', async () => {
    await server.call('SaveActor', { kind: 'organisation', name: 'Rietavo kultūros centras', country: 'LT', lat: 55.72, lon: 21.93 });
    const one = await counts(1);
    assert.match(one, /Rastas 1 dalyvis/);
    assert.match(one, /1 dalyvis žemėlapyje/);
    await server.call('SaveActor', { kind: 'organisation', name: 'Klaipėdos dizaino studija', country: 'LT' });
    const two = await counts(2);
    assert.match(two, /Rasti 2 dalyviai/);
    assert.match(two, /1 dalyvis be vietos/);
  });
});
