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

  test('the history shows office, old and new values, and undoes a wrong edit', async () => {
    const v = await server.call('Actor', b.id);
    await server.call('SaveActor', { ...v.actor, meta: undefined, name: 'Teatr Kanna' });
    await page.goto(server.url + '#/actor/' + b.id);
    await page.getByTestId('history-change').filter({ hasText: 'Teatr Kana → Teatr Kanna' }).waitFor();
    assert.match(await page.getByTestId('history-office').first().innerText(), /^unknown office \([0-9a-f]{8}…\)$/);
    await page.getByTestId('undo-change').first().click();
    await page.getByTestId('actor-name').filter({ hasText: /^Teatr Kana$/ }).waitFor();
    assert.equal((await server.call('Actor', b.id)).actor.name, 'Teatr Kana');
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

describe('demo data and the network settings', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    await server.call('SaveSettings', { office: 'Rietavas', language: 'lt', dataDir: '' });
    await server.call('LoadDemo');
    browser = await launch();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('demo data keeps the office out of a network until it is removed in one click', async () => {
    await page.goto(server.url + '#/settings');
    await page.getByTestId('demo-warning').waitFor();
    assert.equal(await page.getByTestId('invite').count(), 0, 'no invite outside a network');
    await page.getByTestId('create-network').click();
    assert.match(await page.getByTestId('network-message').innerText(), /demonstracinių įrašų/);
    await page.getByTestId('remove-demo').click();
    await page.getByTestId('demo-warning').waitFor({ state: 'detached' });
    assert.equal((await server.call('Status')).counts.actor ?? 0, 0);
  });

  test('a member admin sees invite and rotate, not join and start; the invite has Copy and its expiry', async () => {
    await page.getByTestId('create-network').click();
    await page.getByTestId('network-member').waitFor();
    assert.equal(await page.getByTestId('join').count(), 0);
    assert.equal(await page.getByTestId('create-network').count(), 0);
    await page.getByTestId('invite').click();
    await page.getByTestId('invite-code').waitFor();
    assert.match(await page.getByTestId('invite-expires').innerText(), /Galioja iki/);
    await page.getByTestId('copy-invite').waitFor();
    await page.screenshot({ path: join(shots, '24-network-settings-lt.png') });
  });
});
