import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ephemeralIdentity } from '../../electron/core/identity';
import { KeyCache, readPackage, writePackage, type ContainerWriteOptions } from '../../electron/core/packages';
import { resultsKdfSalt } from '../../electron/core/packages/results/wire';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';

const FAST_SCRYPT = { log2N: 10, r: 8, p: 1 };
const CAMPAIGN = '0190f000-0000-7000-8000-000000000002';
const PASS = '秋天的口令 battery staple';

async function write(out: string, body: string, extra: Partial<ContainerWriteOptions> = {}) {
  const opts: ContainerWriteOptions = {
    out, kind: 'results', campaignId: CAMPAIGN, passphrase: PASS, signer: ephemeralIdentity(), scrypt: FAST_SCRYPT, chunkSize: 4096,
    kdfSalt: resultsKdfSalt(CAMPAIGN), ...extra,
  };
  await writePackage(opts, async (w) => w.record('body', { body }));
}

async function read(file: string, keyCache: KeyCache, passphrase = PASS): Promise<unknown> {
  const pkg = await readPackage(file, { passphrase, expectedCampaignId: CAMPAIGN, keyCache });
  let value: unknown;
  for await (const e of pkg.entries()) if (e.type === 'record') value = e.value;
  return value;
}

describe('package keys: one scrypt per campaign, one body key per package', () => {
  const tempDir = useTempDir();

  it('results packages of a campaign share the scrypt salt but not the key salt; a session derives once', async () => {
    const dir = tempDir();
    const files = ['a', 'b', 'c'].map((n) => join(dir, `${n}.drpkg`));
    for (const [i, f] of files.entries()) await write(f, `第 ${i + 1} 台电脑`);
    const headers = files.map((f) => readFileSync(f).subarray(0, 110));
    const salts = new Set(headers.map((h) => h.subarray(56, 72).toString('hex')));
    const keySalts = new Set(headers.map((h) => h.subarray(94, 110).toString('hex')));
    expect(salts).toEqual(new Set([resultsKdfSalt(CAMPAIGN).toString('hex')]));
    expect(keySalts.size).toBe(3);
    // Another campaign's results packages get another salt.
    expect(resultsKdfSalt('another').equals(resultsKdfSalt(CAMPAIGN))).toBe(false);

    const cache = new KeyCache();
    expect(await Promise.all(files.map((f) => read(f, cache)))).toEqual([{ body: '第 1 台电脑' }, { body: '第 2 台电脑' }, { body: '第 3 台电脑' }]);
    expect(cache.derivations).toBe(1);

    // A package with its own random salt costs its own derivation.
    const own = join(dir, 'own.drpkg');
    await write(own, '自带盐', { kdfSalt: undefined });
    expect(await read(own, cache)).toEqual({ body: '自带盐' });
    expect(cache.derivations).toBe(2);
    cache.clear();
  });

  it('a wrong passphrase is still refused with a warm cache, and does not spoil the right one', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.drpkg');
    await write(file, '内容');
    const cache = new KeyCache();
    expect(await read(file, cache)).toEqual({ body: '内容' });
    const err = await read(file, cache, '错误的口令 wrong').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details).toMatchObject({ reason: 'wrong_passphrase' });
    expect(await read(file, cache)).toEqual({ body: '内容' });
    expect(cache.derivations).toBe(2);
    cache.clear();
  });
});
