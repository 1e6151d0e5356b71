/** `dossier-review package inspect`, run as a child process like a user would. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ephemeralIdentity } from '../../electron/core/identity';
import { FORMAT_VERSION, writePackage } from '../../electron/core/packages';
import { useTempDir } from '../foundation/temp';
import { runCli as cli } from '../fixtures/run-cli';


describe('package inspect', () => {
  const tempDir = useTempDir();

  it('prints header, signer fingerprint and sizes as JSON without a passphrase; --verify catches a flipped byte', async () => {
    const out = join(tempDir(), 'team 1.drpkg');
    const signer = ephemeralIdentity();
    const written = await writePackage(
      { out, kind: 'campaign', campaignId: 'c-1', passphrase: 'p', signer, scrypt: { log2N: 10, r: 8, p: 1 }, chunkSize: 1024, partSize: 4096 },
      async (w) => w.blob('b', Buffer.alloc(10_000, 7), 10_000),
    );
    const r = cli('package', 'inspect', '--in', out, '--json', '--verify');
    expect(r.code, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ kind: 'campaign', campaignId: 'c-1', formatVersion: FORMAT_VERSION, signerFingerprint: signer.fingerprint, totalBytes: written.totalBytes, signatureValid: true });
    expect(info.parts).toHaveLength(written.files.length);
    const text = cli('package', 'inspect', '--in', `${out}.001`);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(signer.fingerprint);
    expect(text.stdout).toContain('活动包');

    const b = readFileSync(written.files[1]);
    b[100] ^= 1;
    writeFileSync(written.files[1], b);
    const bad = cli('package', 'inspect', '--in', out, '--json', '--verify');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).signatureValid).toBe(false);
    expect(bad.stderr).toContain('签名无效');
  });

  it('exits 1 for a file that is not a package and 2 without --in', () => {
    const f = join(tempDir(), 'x.txt');
    writeFileSync(f, 'not a package');
    const notPkg = cli('package', 'inspect', '--in', f, '--json');
    expect(notPkg.code).toBe(1);
    expect(notPkg.stderr).toContain('不是本程序的数据包');
    expect(cli('package', 'inspect', '--in', join(tempDir(), 'missing'), '--json').code).toBe(1);
    expect(cli('package', 'inspect', '--json').code).toBe(2);
  });
});
