// Safe data entry in a browser (issue 16): errors from Go in the person's
// language at their fields, all at once, focus on the first; a bare domain
// accepted; a possible duplicate flagged before saving; typed data kept
// when the form is left by mistake; a plain message when sbcc is gone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, searchPainted, shots, startServer } from './harness.mjs';

describe('data entry', () => {
  let server, browser, page;
  const dialogs = [];
  let answer = 'dismiss';

  before(async () => {
    server = await startServer();
    await server.call('SaveSettings', { office: 'Szczecin', language: 'pl', dataDir: '' });
    browser = await launch();
    page = await browser.context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      (d.type() === 'beforeunload' || answer === 'accept' ? d.accept() : d.dismiss()).catch(() => {});
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const shot = (name) => page.screenshot({ path: join(shots, name + '.png') });
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);

  test('every problem shows at once, in Polish, at its field, and focus goes to the first', async () => {
    await page.goto(server.url + '#/new');
    await page.locator('input[name=name]').waitFor();
    await page.locator('input[name=email]').fill('info@@bad');
    await page.locator('input[name=phone]').fill('12ab');
    await page.getByTestId('save').click();
    await page.getByTestId('error-email').waitFor();
    assert.match(await page.locator('label.field.invalid').first().innerText(), /Wypełnij to pole/);
    assert.match(await page.getByTestId('error-email').innerText(), /„info@@bad” nie jest adresem e-mail/);
    assert.match(await page.getByTestId('error-phone').innerText(), /numerze telefonu/);
    assert.equal(await focused(), 'name');
    await shot('20-form-errors-pl');
    // Fix the name only: the next failure focuses the e-mail, never BODY.
    await page.locator('input[name=name]').fill('Pracownia Dźwięku');
    await page.getByTestId('save').click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'email');
  });

  test('a bare domain is a website, and the actor is saved', async () => {
    await page.locator('input[name=email]').fill('info@pracownia.pl');
    await page.locator('input[name=phone]').fill('+48 91 123 45 67');
    await page.locator('input[name=website]').fill('pracownia.pl');
    await page.locator('input[name=locality]').fill('Szczecin');
    await page.getByTestId('save').click();
    await page.getByTestId('actor-name').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    const v = await server.call('Actor', id);
    assert.equal(v.actor.website, 'https://pracownia.pl');
  });

  test('a new actor with an e-mail already in the directory is flagged before saving', async () => {
    await page.goto(server.url + '#/search');
    await page.goto(server.url + '#/new');
    await page.locator('input[name=name]').fill('Inna Pracownia');
    await page.locator('input[name=email]').fill('info@pracownia.pl');
    await page.getByTestId('save').click();
    await page.getByTestId('similar').waitFor();
    assert.match(await page.getByTestId('similar').innerText(), /Pracownia Dźwięku — ten sam e-mail/);
    await shot('21-form-duplicate-pl');
    const before = (await server.call('Status')).counts.actor;
    await page.getByTestId('save-anyway').click();
    await page.getByTestId('actor-name').waitFor();
    assert.equal((await server.call('Status')).counts.actor, before + 1);
  });

  test('leaving a form with typed data asks first, and a reload brings the draft back', async () => {
    await page.goto(server.url + '#/new');
    await page.locator('input[name=name]').fill('Szkic');
    dialogs.length = 0;
    answer = 'dismiss';
    await page.locator('[data-nav=search]').click();
    await page.waitForFunction(() => true);
    assert.deepEqual(dialogs, ['confirm']);
    assert.match(page.url(), /#\/new$/);
    assert.equal(await page.locator('input[name=name]').inputValue(), 'Szkic');
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    assert.equal(await page.locator('input[name=name]').inputValue(), 'Szkic');
    answer = 'accept';
    await page.locator('[data-nav=search]').click();
    await page.waitForURL(/#\/search/);
    answer = 'dismiss';
    await page.goto(server.url + '#/new');
    await page.locator('input[name=name]').waitFor();
    assert.equal(await page.locator('input[name=name]').inputValue(), '', 'a draft left on purpose is gone');
  });

  test('a bad invite code is refused at its field in Polish', async () => {
    const r = await fetch(new URL('api/NetworkJoin', server.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(['hello', 'Gdańsk']) });
    const body = await r.json();
    assert.equal(body.problems[0].field, 'invite');
    assert.equal(body.problems[0].code, 'invite');
    assert.equal((await server.call('Settings')).office, 'Szczecin', 'a failed join keeps the office name');
  });

  test('any town of the gazetteer can be typed, gives its country, and its other names find it', async () => {
    await page.goto(server.url + '#/new');
    await page.locator('input[name=name]').fill('Muzeum Oręża Polskiego');
    await page.locator('input[name=locality]').fill('Kołobrzeg');
    await page.locator('input[name=locality]').dispatchEvent('change');
    assert.equal(await page.locator('select[name=country]').inputValue(), 'PL');
    await page.getByTestId('save').click();
    await page.getByTestId('actor-name').waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);
    const v = await server.call('Actor', id);
    assert.deepEqual([v.actor.locality, v.actor.country], ['kolobrzeg', 'PL']);
    // Edit shows the town, not a blank field.
    await page.getByTestId('edit').click();
    await page.waitForFunction(() => document.querySelector('input[name=locality]')?.value === 'Kołobrzeg');
    answer = 'accept';
    await page.goto(server.url + '#/search');
    answer = 'dismiss';
    const said = { 1: '1 podmiot', 2: '2 podmioty' };
    for (const [q, want] of [['kolberg', 1], ['stettin', 1], ['info@pracownia.pl', 2], ['91 123 45 67', 1], ['+48 91 123 45 67', 1]]) {
      await page.locator('#search-input').fill(q);
      await searchPainted(page, q);
      assert.equal(Number(await page.getByTestId('result-count').getAttribute('data-total')), want, q);
      assert.equal(await page.getByTestId('result-count').innerText(), said[want], 'Polish plural forms');
    }
    await shot('22-search-exonym');
  });

  test('when sbcc is gone the form says so in plain words', async () => {
    await page.goto(server.url + '#/new');
    await page.locator('input[name=name]').fill('Po awarii');
    await server.stop();
    await page.getByTestId('save').click();
    await page.getByTestId('form-error').waitFor();
    const text = await page.getByTestId('form-error').innerText();
    assert.match(text, /Usługa katalogu nie odpowiada/);
    assert.doesNotMatch(text, /Failed to fetch|socket/i);
    server = null;
  });
});

describe('first start', () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    await server.call('SaveSettings', { office: '', language: 'pl', dataDir: '' });
    browser = await launch();
    page = await browser.context.newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a bad invite and a missing office name are said at their fields, in Polish', async () => {
    await page.goto(server.url + '#/welcome');
    await page.getByTestId('invite-input').fill('hello');
    await page.getByTestId('join').click();
    assert.match(await page.getByTestId('invite-error').innerText(), /Tego kodu zaproszenia nie da się użyć/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'invite-input');
    await page.getByTestId('create-network').click();
    assert.match(await page.getByTestId('office-error').innerText(), /Najpierw podaj nazwę tego biura/);
    assert.equal(await page.getByTestId('first-message').count(), 0, 'no banner away from the fields');
  });
});
