/**
 * `package import --in a b …`: a clerk merges a stack of results packages from the USB stick in one
 * session (one key derivation for the campaign), with one receipt per package and a clear message
 * when one of the stack is refused.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, makeOffice, PASS, review } from './results-helpers';
import { runCli as cli } from '../fixtures/run-cli';


describe('package import of several results packages at once', () => {
  const tempDir = useTempDir();

  it('merges a stack in one session, each with its own confirmed fingerprint and receipt; again = unchanged; a bad one stops the stack and says what was merged', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'a.sqlite'), '甲评查');
    const b = await copySite(office, join(dir, 'b.sqlite'), '乙评查');
    await review(a, assignments[0].id, { deduction: 1, submit: true });
    await review(b, assignments[1].id, { submit: true });
    const pa = join(dir, '甲组.drpkg');
    const pb = join(dir, '乙组.drpkg');
    const ea = await exportFrom(a, campaign.id, pa);
    const eb = await exportFrom(b, campaign.id, pb);
    // Both laptops' packages of this campaign share the scrypt salt: the office derives the key once.
    expect(readFileSync(pa).subarray(56, 72).equals(readFileSync(pb).subarray(56, 72))).toBe(true);
    for (const s of [office, a, b]) s.core.close();
    const pf = join(dir, 'pass.txt');
    writeFileSync(pf, `${PASS}\n`);

    const receipts = join(dir, '回执');
    const base = ['package', 'import', '--db', office.path, '--in', pa, pb, '--passphrase-file', pf];
    const im = cli(...base, '--confirm-fingerprint', `${eb.signerFingerprint},${ea.signerFingerprint}`, '--receipt-out', receipts, '--json');
    expect(im.code, im.stderr).toBe(0);
    const out = JSON.parse(im.stdout);
    expect(out).toMatchObject({ added: 2, changed: 0, unchanged: 0, conflict: 0 });
    expect(out.packages.map((p: { file: string; laptop: { firstImport: boolean } }) => [p.file, p.laptop.firstImport])).toEqual([
      [basename(pa), true],
      [basename(pb), true],
    ]);
    for (const p of [pa, pb]) expect(existsSync(join(receipts, `${basename(p)}.receipt.json`))).toBe(true);

    const again = cli(...base, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, changed: 0, unchanged: 2, conflict: 0 });

    const notAPackage = join(dir, '坏.drpkg');
    writeFileSync(notAPackage, 'not a package '.repeat(20));
    const bad = cli('package', 'import', '--db', office.path, '--in', pa, notAPackage, pb, '--passphrase-file', pf, '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('此前的 1 个成果包已合并（甲组.drpkg），其后的 1 个未处理');

  });
});
