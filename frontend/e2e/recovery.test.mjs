// Recovery in the app (issue 16): a Deleted list with Restore on the Data
// screen, and Undo after removing a link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { eventually, launch, shots, startServer } from './harness.mjs';

describe('recovery', () => {
  let server, browser, page, a, b, link;

  before(async () => {
    server = await startServer();
    a = (await server.call('SaveActor', { kind: 'hub', name: 'Kulturhaus Rostock', country: 'DE' })).actor;
    b = (await server.call('SaveActor', { kind: 'organisation', name: 'Teatr Kana', country: 'PL' })).actor;
    link = await server.call('SaveLink', { from: a.id, to: b.id, type: 'collaborated' });
    browser = await launch();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a deleted actor is listed on the Data screen and restored from there', async () => {
    await server.call('Delete', b.id);
    await page.goto(server.url + '#/data');
    const row = page.getByTestId('deleted-row').filter({ hasText: 'Teatr Kana' });
    await row.waitFor();
    await page.getByTestId('deleted').screenshot({ path: join(shots, '23-deleted-list.png') });
    await row.getByTestId('restore').click();
    await eventually(async () => !(await server.call('Actor', b.id)).actor.meta.deleted, 10000, 'the actor is back');
    await page.getByTestId('deleted').getByText('Nothing is deleted.').waitFor();
  });

  test('removing a link can be undone', async () => {
    await page.goto(server.url + '#/actor/' + a.id);
    await page.getByTestId('remove-link').first().click();
    await page.getByTestId('notice-action').click();
    await eventually(async () => {
      const rows = await server.call('DeletedRecords');
      return !rows.some((r) => r.id === link.id);
    }, 10000, 'the link is back');
    await page.getByTestId('remove-link').first().waitFor();
  });
});
