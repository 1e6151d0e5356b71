/**
 * The laptop's signed audit chain head travels in its results package: the office checks it is
 * signed by the package's signer and that the package's chain ends exactly at it, and keeps it with
 * the laptop's record. Packages from before the head travelled are still accepted.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { auditHeadPathFor, headSignatureValid, readAuditHead, signAuditHead, type SignedAuditHead } from '../../electron/core/audit-head';
import { ephemeralIdentity } from '../../electron/core/identity';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, importInto, makeOffice, openSite, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.core.close();
});

async function officeAndLaptop(dir: string) {
  const { office, campaign, assignments } = await makeOffice(dir);
  const laptop = await copySite(office, join(dir, 'laptop.sqlite'), '甲评查');
  open.push(office, laptop);
  await review(laptop, assignments[0].id, { deduction: 1, submit: true });
  return { office, laptop, campaignId: campaign.id };
}

function headOnDisk(site: Site): SignedAuditHead {
  const read = readAuditHead(auditHeadPathFor(site.path));
  if (read.state !== 'ok') throw new Error(read.state);
  return read.head;
}

/** Stands in for a laptop build that puts this head into its packages instead of its real one. */
function carryHead(laptop: Site, head: SignedAuditHead | null) {
  laptop.core.context.auditHead.current = () => head;
}

const tableSeq = (site: Site) => (site.core.store.db.prepare('SELECT MAX(seq) AS n FROM audit_log').get() as { n: number }).n;

describe('the signed audit head in results packages', () => {
  const tempDir = useTempDir();

  it('travels with the package, ends where its chain ends, and is kept with the laptop at the office', async () => {
    const dir = tempDir();
    const { office, laptop, campaignId } = await officeAndLaptop(dir);
    const pkg = await exportFrom(laptop, campaignId, join(dir, 'r.drpkg'));
    const head = headOnDisk(laptop);
    expect(head.seq).toBe(pkg.auditTo); // the head on disk was brought up to the table for the package
    const result = await importInto(office, pkg.files[0]);
    expect(result.signedHead).toEqual({ seq: pkg.auditTo, signedAt: head.signedAt });
    const [listed] = await office.api.results.laptops({});
    expect(listed.signedHead).toEqual({ seq: pkg.auditTo, signedAt: head.signedAt });
    const stored = JSON.parse((office.core.store.db.prepare('SELECT signed_head FROM package_laptops').get() as { signed_head: string }).signed_head) as SignedAuditHead;
    expect(stored).toEqual(head);
    expect(headSignatureValid(stored)).toBe(true);
  });

  it('a tampered head (edited after signing) is refused, nothing imported', async () => {
    const dir = tempDir();
    const { office, laptop, campaignId } = await officeAndLaptop(dir);
    const real = laptop.core.context.auditHead.current()!;
    carryHead(laptop, { ...real, signedAt: '2020-01-01T00:00:00.000Z' });
    const pkg = await exportFrom(laptop, campaignId, join(dir, 'r.drpkg'));
    await expect(importInto(office, pkg.files[0])).rejects.toMatchObject({ message: expect.stringMatching(/签名链头签名无效.*未导入任何内容/) });
    expect((await office.api.results.laptops({})).length).toBe(0);
  });

  it('a head signed by another key than the package is refused', async () => {
    const dir = tempDir();
    const { office, laptop, campaignId } = await officeAndLaptop(dir);
    const real = laptop.core.context.auditHead.current()!;
    const { signature: _s, publicKey: _k, format: _f, ...body } = real;
    carryHead(laptop, signAuditHead(ephemeralIdentity(), body));
    const pkg = await exportFrom(laptop, campaignId, join(dir, 'r.drpkg'));
    await expect(importInto(office, pkg.files[0])).rejects.toMatchObject({ details: { reason: 'other_signer' }, message: expect.stringMatching(/不是本包签名者的密钥签的/) });
  });

  it('a chain shorter than its own signed head (entries deleted on the laptop) is refused, naming how many', async () => {
    const dir = tempDir();
    const { office, laptop, campaignId } = await officeAndLaptop(dir);
    const signed = laptop.core.context.auditHead.current()!;
    expect(signed.seq).toBe(tableSeq(laptop));
    // Someone removes the last two entries from the laptop's store behind the app's back.
    const raw = new Database(laptop.path);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq > ?').run(signed.seq - 2);
    raw.close();
    carryHead(laptop, signed); // the genuine head, signed before the entries went
    const pkg = await exportFrom(laptop, campaignId, join(dir, 'r.drpkg'));
    expect(pkg.auditTo).toBe(signed.seq - 2);
    await expect(importInto(office, pkg.files[0])).rejects.toMatchObject({
      details: { reason: 'damaged' },
      message: expect.stringMatching(new RegExp(`签到第 ${signed.seq} 条，包内审计记录只到第 ${signed.seq - 2} 条，该电脑的 2 条审计记录被删去了`)),
    });
    expect((await office.api.results.laptops({})).length).toBe(0);
  });

  it('a package from before heads travelled (none inside) is still imported; the laptop simply has no signed head yet', async () => {
    const dir = tempDir();
    const { office, laptop, campaignId } = await officeAndLaptop(dir);
    carryHead(laptop, null);
    const pkg = await exportFrom(laptop, campaignId, join(dir, 'r.drpkg'));
    const result = await importInto(office, pkg.files[0]);
    expect(result.reviews.added).toBe(1);
    expect(result.signedHead).toBeNull();
    expect((await office.api.results.laptops({}))[0].signedHead).toBeNull();
  });

  it('a laptop whose audit log does not match its signed head at start cannot write a package', async () => {
    const dir = tempDir();
    const { laptop, campaignId } = await officeAndLaptop(dir);
    await laptop.core.close();
    open.splice(open.indexOf(laptop), 1);
    const raw = new Database(laptop.path);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)').run();
    raw.close();
    const reopened = await openSite(laptop.path, '甲评查');
    open.push(reopened);
    await expect(exportFrom(reopened, campaignId, join(dir, 'r.drpkg'))).rejects.toMatchObject({ code: 'store_damaged', message: expect.stringMatching(/^无法生成成果包：审计日志比签名链头少 1 条/) });
  });
});
