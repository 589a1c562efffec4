// Browser test of the speed-dating desk and the catalogue button: on the
// demo network, an organiser sets up a session at a forum, records wishes,
// plans, records an outcome (which makes a cross-border link the
// indicators count), checks people in, plans again from round 2 without
// moving round 1, and publishes the catalogue. Screenshots at 1366×768 in
// the five languages.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, shots, startServer } from './harness.mjs';

describe('speed dating', () => {
  let server, browser, page, event, session;
  const cspErrors = [];
  const pageErrors = [];
  const shot = (name) => page.screenshot({ path: join(shots, name + '.png') });

  before(async () => {
    server = await startServer();
    await server.call('LoadDemo');
    browser = await launch();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(page.url() + ' ' + m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const events = await server.call('ListEvents');
    event = events.find((e) => e.event.kind === 'annual-forum').event;
    // Twelve more actors from all four countries register.
    for (const country of ['LT', 'PL', 'DE', 'SE']) {
      const hits = (await server.call('Search', { query: '', filters: { country: [country] }, limit: 3 })).hits;
      for (const h of hits) await server.call('Register', event.id, h.id, '', 'participant').catch(() => {});
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('set up a session from the event page', async () => {
    await page.goto(server.url + '#/event/' + event.id);
    await page.getByTestId('open-speed').click();
    await page.getByTestId('speed-title').waitFor();
    assert.match(await page.getByTestId('speed-title').innerText(), /Speed dating/);
    await page.getByTestId('tables').fill('4');
    await page.locator('input[type=time]').fill('14:00');
    await page.getByTestId('save-session').click();
    await page.getByTestId('wish-form').waitFor();
    const v = await server.call('SpeedDating', event.id);
    session = v.session;
    assert.equal(session.tables, 4);
    assert.ok(v.participants.length >= 8, 'participants listed');
  });

  test('wishes, suggestions and a plan', async () => {
    const v = await server.call('SpeedDating', event.id);
    const [a, b] = v.participants.filter((p) => p.country).reduce((acc, p) => (acc.length === 0 || (acc.length === 1 && acc[0].country !== p.country) ? [...acc, p] : acc), []);
    await page.getByTestId('wish-from').selectOption(a.actor);
    await page.getByTestId('wish-to').selectOption(b.actor);
    await page.getByTestId('add-wish').click();
    await page.getByTestId('wishes').locator('li').first().waitFor();
    await page.getByTestId('wish-from').selectOption(b.actor);
    await page.getByTestId('wish-to').selectOption(a.actor);
    await page.getByTestId('add-wish').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=wishes] li').length >= 2);
    await page.getByTestId('suggest').click();
    await page.getByTestId('suggestions').waitFor({ state: 'attached' });
    await page.getByTestId('plan').click();
    await page.getByTestId('plan-stats').waitFor();
    assert.match(await page.getByTestId('plan-stats').innerText(), /Mutual wishes placed: 1 of 1/);
    assert.equal(await page.getByTestId('round').count(), session.rounds);
    await page.getByTestId('round').first().scrollIntoViewIfNeeded();
    await shot('forum-01-plan');
    const planned = await server.call('SpeedDating', event.id);
    const m = planned.meetings.find((x) => (x.a === a.actor && x.b === b.actor) || (x.a === b.actor && x.b === a.actor));
    assert.equal(m.round, 1, 'the mutual pair meets in round 1');
    assert.equal(m.priority, 'mutual');
  });

  test('an outcome makes a cross-border link the indicators count', async () => {
    const year = event.start.slice(0, 4);
    const fig = async () => (await server.call('Indicators', `${year}-01-01`, `${year}-12-31`)).figures.find((f) => f.code === 'RCO87').value;
    const before = await fig();
    const v = await server.call('SpeedDating', event.id);
    const byId = new Map(v.participants.map((p) => [p.actor, p]));
    const m = v.meetings.find((x) => x.round === 1 && byId.get(x.a).country !== byId.get(x.b).country && x.priority === 'mutual');
    const row = page.locator(`[data-testid=meeting]`).filter({ hasText: byId.get(m.a).name }).first();
    await row.getByTestId('outcome').selectOption('held:cooperate');
    await page.waitForFunction((id) => document.querySelector('[data-testid=meeting][data-status=held]') !== null, m.id);
    const links = await server.call('Links', m.a);
    assert.ok(links.some((l) => l.other.id === m.b && l.crossBorder), 'a cross-border link between the pair');
    // RCO87 counts organisations (not individuals) with a cross-border link.
    const rco87 = (await server.call('Indicators', `${year}-01-01`, `${year}-12-31`)).figures.find((f) => f.code === 'RCO87');
    for (const id of [m.a, m.b]) {
      const kind = (await server.call('Actor', id)).actor.kind;
      if (kind !== 'individual') assert.ok(rco87.records.includes(id), `RCO87 counts ${id}`);
    }
    assert.ok(rco87.value >= before);
    await shot('forum-02-outcome');
  });

  test('check-in, then plan again from round 2 keeps round 1', async () => {
    const before = await server.call('SpeedDating', event.id);
    const round1 = before.meetings.filter((m) => m.round === 1).map((m) => `${m.id}@${m.table}`).sort();
    const list = (await server.call('Event', event.id)).attendees;
    for (const [i, a] of list.entries()) await server.call('SetAttendance', a.participation.id, i % 3 === 2 ? 'no-show' : 'attended');
    await page.reload();
    await page.getByTestId('replan-from').fill('2');
    await page.getByTestId('replan').click();
    await page.getByTestId('plan-stats').waitFor();
    const after = await server.call('SpeedDating', event.id);
    assert.deepEqual(after.meetings.filter((m) => m.round === 1).map((m) => `${m.id}@${m.table}`).sort(), round1);
    const noShow = new Set(list.filter((_, i) => i % 3 === 2).map((a) => a.participation.actor));
    assert.ok(!after.meetings.some((m) => m.round >= 2 && m.status === 'planned' && (noShow.has(m.a) || noShow.has(m.b))), 'no-shows not planned');
  });

  test('the screen in five languages', async () => {
    const titles = { lt: /Greiti susitikimai/, pl: /Szybkie randki/, de: /Speed-Dating/, sv: /Speed dating/, en: /Speed dating/ };
    for (const [lang, re] of Object.entries(titles)) {
      await server.call('SaveSettings', { office: '', language: lang, dataDir: '' });
      await page.goto(server.url + '#/speed/' + event.id);
      await page.reload();
      await page.getByTestId('speed-title').waitFor();
      assert.match(await page.getByTestId('speed-title').innerText(), re);
      await shot('forum-03-' + lang);
    }
  });

  test('print shows table plans and agendas', async () => {
    await page.emulateMedia({ media: 'print' });
    const agendas = page.locator('section.agenda');
    assert.ok((await agendas.count()) >= 8);
    assert.ok(await agendas.first().isVisible());
    await shot('forum-04-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('the catalogue button publishes the site', async () => {
    await page.goto(server.url + '#/publish');
    await page.getByTestId('publish').click();
    await page.getByTestId('publish-result').waitFor();
    assert.match(await page.getByTestId('publish-result').innerText(), /Published to .*Actors: \d+/);
    assert.ok(existsSync(join(server.dir, 'catalogue', 'en', 'index.html')));
    await shot('forum-05-publish');
  });

  test('no script errors and no CSP violations', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspErrors, []);
  });
});
