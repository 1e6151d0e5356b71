/**
 * `package export --kind results` / `package import` / `package ack` as a user runs them, and a
 * kill -9 in the middle of a merge leaving the office's store as it was.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, makeOffice, mergedDigest, openSite, PASS, review } from './results-helpers';
import { runCli as cli } from '../fixtures/run-cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function setUp(dir: string) {
  const { office, campaign, assignments } = await makeOffice(dir);
  const laptop = await copySite(office, join(dir, 'laptop.sqlite'), '甲评查');
  await review(laptop, assignments[0].id, { deduction: 1, submit: true });
  await review(laptop, assignments[1].id);
  return { office, laptop, campaign, assignments };
}

describe('package export/import/ack (results) from the command line', () => {
  const tempDir = useTempDir();

  it('exports, refuses an unconfirmed laptop, imports with the fingerprint, twice = once, acknowledges, then exports only what changed', async () => {
    const dir = tempDir();
    const { office, laptop, campaign, assignments } = await setUp(dir);
    office.core.close();
    laptop.core.close();
    const pf = join(dir, 'pass.txt');
    writeFileSync(pf, `${PASS}\n`);
    const pkg = join(dir, '甲组成果.drpkg');

    const ex = cli('package', 'export', '--db', laptop.path, '--campaign', campaign.id, '--kind', 'results', '--out', pkg, '--passphrase-file', pf, '--json');
    expect(ex.code, ex.stderr).toBe(0);
    const exported = JSON.parse(ex.stdout);
    expect(exported).toMatchObject({ mode: 'full', reviews: 2 });

    const refused = cli('package', 'import', '--db', office.path, '--in', pkg, '--passphrase-file', pf, '--json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(exported.signerFingerprint);

    const receipt = join(dir, 'receipt.json');
    const im = cli('package', 'import', '--db', office.path, '--in', pkg, '--passphrase-file', pf, '--confirm-fingerprint', exported.signerFingerprint, '--receipt-out', receipt, '--json');
    expect(im.code, im.stderr).toBe(0);
    expect(JSON.parse(im.stdout)).toMatchObject({ added: 2, changed: 0, unchanged: 0, conflict: 0 });
    const twice = cli('package', 'import', '--db', office.path, '--in', pkg, '--passphrase-file', pf, '--json');
    expect(JSON.parse(twice.stdout)).toMatchObject({ added: 0, changed: 0, unchanged: 2, conflict: 0 });

    const wrong = join(dir, 'wrong.txt');
    writeFileSync(wrong, '别的口令');
    const bad = cli('package', 'import', '--db', office.path, '--in', pkg, '--passphrase-file', wrong, '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('口令');

    // The receipt the CLI wrote is recorded at the office like one saved from 成果汇总.
    const o2 = await openSite(office.path, '法制科');
    expect((await o2.api.results.receipts({ campaignId: campaign.id }))[0]).toMatchObject({ receipts: 1, lastFilePath: receipt });
    o2.core.close();
    const elsewhere = cli('package', 'ack', '--db', laptop.path, '--in', receipt, '--campaign', '00000000-0000-4000-8000-000000000000', '--json');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('另一个评查活动');
    const ack = cli('package', 'ack', '--db', laptop.path, '--in', receipt, '--campaign', campaign.id, '--json');
    expect(ack.code, ack.stderr).toBe(0);
    expect(JSON.parse(ack.stdout)).toMatchObject({ exportId: exported.exportId, alreadyAcknowledged: false });

    // One more review on the laptop: the incremental package holds only it.
    const l2 = await openSite(laptop.path, '甲评查');
    await new Promise((r) => setTimeout(r, 5));
    await review(l2, assignments[2].id);
    l2.core.close();
    const inc = join(dir, '甲组成果-2.drpkg');
    const ex2 = cli('package', 'export', '--db', laptop.path, '--campaign', campaign.id, '--kind', 'results', '--out', inc, '--passphrase-file', pf, '--since-last', '--json');
    expect(ex2.code, ex2.stderr).toBe(0);
    const second = JSON.parse(ex2.stdout);
    expect(second).toMatchObject({ mode: 'incremental', sinceExportId: exported.exportId, reviews: 1, auditFrom: exported.auditTo + 1 });
    const im2 = cli('package', 'import', '--db', office.path, '--in', inc, '--passphrase-file', pf, '--json');
    expect(im2.code, im2.stderr).toBe(0);
    expect(JSON.parse(im2.stdout)).toMatchObject({ added: 1, changed: 0, unchanged: 0, conflict: 0 });
  });

  it('kill -9 in the middle of the merge leaves the office store as it was', async () => {
    const dir = tempDir();
    const { office, laptop, campaign } = await setUp(dir);
    const p = await exportFrom(laptop, campaign.id, join(dir, 'a.drpkg'));
    const before = mergedDigest(office);
    office.core.close();
    laptop.core.close();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/packages/fixtures/slow-merge.ts', office.path, p.files[0], PASS, p.signerFingerprint], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await new Promise<void>((resolveMerging, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('MERGING')) resolveMerging();
      });
      child.on('exit', () => reject(new Error(`child exited early: ${out} ${err}`)));
    });
    const exited = new Promise((r) => child.on('exit', (_code, signal) => r(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const again = await openSite(office.path);
    try {
      expect(mergedDigest(again)).toBe(before);
      expect((await again.api.audit.verify({})).ok).toBe(true);
    } finally {
      again.core.close();
    }
  });
});
