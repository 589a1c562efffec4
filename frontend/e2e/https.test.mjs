// The web UI beyond loopback: HTTPS with the data folder's self-signed
// certificate, pinned here by its public key (Chromium trusts exactly that
// key, nothing else), the password asked with basic auth, a Secure session
// cookie, the fingerprint in Settings the same as `sbcc web` printed, and a
// password changed while the server runs ending the session at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, eventually, launch, startServer } from './harness.mjs';

const PASSWORD = 'correct horse battery staple';

function setPassword(dir, pw) {
  execFileSync(bin, ['--data', dir, 'web', '--set-password'], { input: pw + '\n', encoding: 'utf8' });
}

describe('sbcc web over HTTPS', () => {
  let dir, server, spki;
  const browsers = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbcc-https-'));
    setPassword(dir, PASSWORD);
    server = await startServer(dir, [], '0.0.0.0:0');
    const cert = new X509Certificate(readFileSync(join(dir, 'web-cert.pem')));
    assert.equal(cert.fingerprint256, server.fingerprint, 'the printed fingerprint is the certificate’s');
    spki = createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function browser(password) {
    const b = await launch({ httpCredentials: { username: 'staff', password } }, [`--ignore-certificate-errors-spki-list=${spki}`]);
    browsers.push(b);
    return b;
  }

  test('plain HTTP is not served', async () => {
    const r = await fetch(server.url.replace('https:', 'http:')).catch(() => null);
    assert.ok(!r || r.status === 400, `plain HTTP answered ${r?.status}`);
    if (r) assert.doesNotMatch(await r.text(), /sbcc/);
  });

  test('a browser without the pin refuses the certificate', async () => {
    const b = await launch();
    browsers.push(b);
    const page = await b.context.newPage();
    await assert.rejects(page.goto(server.url), /ERR_CERT/);
  });

  test('a wrong password is refused', async () => {
    const b = await browser('not the password at all');
    const page = await b.context.newPage();
    const resp = await page.goto(server.url);
    // 401, or 429 once the address has to wait after the first wrong try.
    assert.ok([401, 429].includes(resp.status()), String(resp.status()));
  });

  test('the right password logs in; cookie Secure; fingerprint in Settings; a new password ends the session', async () => {
    const b = await browser(PASSWORD);
    const page = await b.context.newPage();
    // The wrong password above makes this address wait a second or two.
    let resp;
    let tries = 0;
    // A new query string each try: going to the very same URL again would be
    // a same-document navigation, which answers no response at all.
    await eventually(async () => (resp = await page.goto(`${server.url}?try=${++tries}#/settings`))?.status() === 200, 20000, 'login');
    assert.ok(resp.url().startsWith('https://'));
    await page.getByTestId('web-fingerprint').waitFor();
    assert.equal(await page.getByTestId('web-fingerprint').textContent(), server.fingerprint);
    const [cookie] = await b.context.cookies();
    assert.equal(cookie.name, 'sbcc_session');
    assert.ok(cookie.secure && cookie.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie));

    setPassword(dir, 'a brand new shared secret');
    const again = await page.reload();
    assert.ok([401, 429].includes(again.status()), `the old session and password still worked: ${again.status()}`);
    const fresh = await browser('a brand new shared secret');
    const p2 = await fresh.context.newPage();
    await eventually(async () => (await p2.goto(server.url)).status() === 200, 20000, 'login with the new password');
  });
});
