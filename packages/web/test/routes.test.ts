import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loginPath, matchRoute, safeNext } from '../src/routes.js';

const ID = 'AbCdEfGhIjKlMnOpQrStUv';

describe('routes', () => {
  it('decodes the home, login and meeting addresses', () => {
    assert.deepEqual(matchRoute('/', ''), { name: 'home' });
    assert.deepEqual(matchRoute('/login', ''), { name: 'login', next: '/' });
    assert.deepEqual(matchRoute(`/meet/${ID}`, ''), { name: 'meeting', meetingId: ID });
    assert.deepEqual(matchRoute(`/meet/${ID}/`, ''), { name: 'meeting', meetingId: ID });
  });

  it('treats a malformed meeting ID as an unknown page', () => {
    assert.deepEqual(matchRoute('/meet/short', ''), { name: 'not-found' });
    assert.deepEqual(matchRoute('/elsewhere', ''), { name: 'not-found' });
  });

  it('brings a visitor back to the meeting they opened after login', () => {
    const path = loginPath(`/meet/${ID}`);
    const url = new URL(path, 'http://confab.test');
    assert.deepEqual(matchRoute(url.pathname, url.search), { name: 'login', next: `/meet/${ID}` });
    assert.equal(loginPath('/'), '/login');
  });

  it('never follows a login redirect off the site', () => {
    assert.equal(safeNext('//evil.example'), '/');
    assert.equal(safeNext('/\\evil.example'), '/');
    assert.equal(safeNext('/\t/evil.example'), '/');
    assert.equal(safeNext('/\n\\evil.example'), '/');
    assert.equal(safeNext('/meet/AAAAAAAAAAAAAAAAAAAAAA?x=1'), '/meet/AAAAAAAAAAAAAAAAAAAAAA?x=1');
    assert.equal(safeNext('https://evil.example'), '/');
    assert.equal(safeNext(null), '/');
    assert.equal(safeNext(`/meet/${ID}`), `/meet/${ID}`);
  });
});
