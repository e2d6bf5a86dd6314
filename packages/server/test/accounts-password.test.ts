import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, verifyPassword } from '../src/accounts/password.js';

describe('password hashes', () => {
  it('stores scrypt with N=16384 r=8 p=1, a 16-byte salt and its parameters', async () => {
    const hash = await hashPassword('correct horse');
    const [scheme, n, r, p, salt, key] = hash.split('$');

    assert.equal(scheme, 'scrypt');
    assert.deepEqual([n, r, p], ['16384', '8', '1']);
    assert.equal(Buffer.from(salt ?? '', 'base64').length, 16);
    assert.equal(Buffer.from(key ?? '', 'base64').length, 32);
    assert.ok(!hash.includes('correct horse'));
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');

    assert.equal(await verifyPassword('correct horse', hash), true);
    assert.equal(await verifyPassword('correct horsE', hash), false);
    assert.equal(await verifyPassword('', hash), false);
  });

  it('salts every hash, so the same password never hashes the same twice', async () => {
    const first = await hashPassword('same password');
    const second = await hashPassword('same password');

    assert.notEqual(first, second);
    assert.equal(await verifyPassword('same password', second), true);
  });

  it('verifies with the cost stored in the hash, not the current one', async () => {
    const hash = await hashPassword('correct horse');
    const [, , , , salt] = hash.split('$');
    const cheaper = `scrypt$1024$8$1$${salt}$${Buffer.alloc(32).toString('base64')}`;

    assert.equal(await verifyPassword('correct horse', cheaper), false);
  });

  it('matches a password typed with composed or decomposed accents', async () => {
    const hash = await hashPassword('caf\u00e9 cr\u00e8me');
    assert.equal(await verifyPassword('cafe\u0301 cre\u0300me', hash), true);
  });

  it('never matches a malformed stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x', 'scrypt$0$8$1$AAAA$AAAA', 'scrypt$16384$8$1$AAAA$', 'scrypt$a$b$c$d$e']) {
      assert.equal(await verifyPassword('anything', stored), false, stored);
    }
  });
});
