import { createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { fingerprintOf, loadOrCreateIdentity } from '../../electron/core/identity';
import { createApiClient } from '../../shared/api/contract';
import { useTempDir } from '../foundation/temp';

describe('installation identity', () => {
  const tempDir = useTempDir();

  it('makes an Ed25519 key pair on first use, private key 0600, and loads the same one afterwards', () => {
    const dir = join(tempDir(), 'store.sqlite.identity');
    const first = loadOrCreateIdentity(dir);
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(first.publicKeyRaw).toHaveLength(32);
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, 'ed25519.key')).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o077).toBe(0);
    }
    const again = loadOrCreateIdentity(dir);
    expect(again.fingerprint).toBe(first.fingerprint);
    // The public file matches, and the pair signs and verifies.
    const pub = createPublicKey(readFileSync(join(dir, 'ed25519.pub')));
    const sig = sign(null, Buffer.from('x'), again.privateKey);
    expect(verify(null, Buffer.from('x'), pub, sig)).toBe(true);
  });

  it('shows the fingerprint as SHA-256 of the raw key in groups of four', () => {
    expect(fingerprintOf(Buffer.alloc(32))).toBe('66687AADF862BD776C8FC18B8E9F8E20089714856EE233B3902A591D0D5F2925'.match(/.{4}/g)!.join(' '));
  });

  it('is answered by system.identity, beside the store, and differs between stores', async () => {
    const dir = tempDir();
    const a = await openCore(join(dir, 'a.sqlite'));
    const b = await openCore(join(dir, 'b.sqlite'));
    try {
      const ctx = { actor: 't', transport: 'test' as const };
      const apiA = createApiClient((m, i) => a.dispatch(m, i, ctx));
      const apiB = createApiClient((m, i) => b.dispatch(m, i, ctx));
      const idA = await apiA.system.identity({});
      expect(idA.keyFolder).toBe(join(dir, 'a.sqlite.identity'));
      expect(idA.fingerprint).toBe(fingerprintOf(Buffer.from(idA.publicKey, 'hex')));
      expect((await apiA.system.identity({})).fingerprint).toBe(idA.fingerprint);
      expect((await apiB.system.identity({})).fingerprint).not.toBe(idA.fingerprint);
      expect(loadOrCreateIdentity(idA.keyFolder).fingerprint).toBe(idA.fingerprint);
    } finally {
      a.close();
      b.close();
    }
  });
});
