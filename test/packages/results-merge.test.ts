/**
 * Results packages end to end with three separate stores: office → two team laptops → office.
 * Reviews made on both laptops merge; twice = once; any order gives the same store; the same review
 * changed on two laptops is a conflict kept side by side until the office chooses; refusals leave
 * the store untouched.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRowHash as rowHash } from '../../db/audit';
import { createApiClient } from '../../shared/api/contract';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, importInto, makeOffice, mergedDigest, openSite, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

async function threeStores(dir: string) {
  const { office, campaign, assignments } = await makeOffice(dir);
  const a = await copySite(office, join(dir, 'laptop-a.sqlite'), '甲评查');
  const b = await copySite(office, join(dir, 'laptop-b.sqlite'), '乙评查');
  open.push(office, a, b);
  return { office, a, b, campaign, assignments };
}

const refusalOf = (p: Promise<unknown>) => p.then(() => { throw new Error('not refused'); }, (e: { code?: string; message: string; details?: { reason?: string } }) => e);

describe('results packages: office → two laptops → office', () => {
  const tempDir = useTempDir();

  it('merges both laptops, twice = once, in any order the same store, with page references and the audit chain received', async () => {
    const dir = tempDir();
    const { office, a, b, campaign, assignments } = await threeStores(dir);
    const spare = await copySite(office, join(dir, 'office-2.sqlite'), '法制科'); // the same office, to import in the other order
    open.push(spare);
    const ra = await review(a, assignments[0].id, { deduction: 1, note: '立案审批表缺负责人签名', submit: true });
    await review(a, assignments[1].id);
    await review(b, assignments[2].id, { deduction: 2, note: '送达回证无日期' });
    const pa = await exportFrom(a, campaign.id, join(dir, 'a.drpkg'));
    const pb = await exportFrom(b, campaign.id, join(dir, 'b.drpkg'));
    expect(pa).toMatchObject({ mode: 'full', reviews: 2 });
    expect(pa.auditEntries).toBeGreaterThan(10);

    const first = await importInto(office, pa.files[0]);
    expect(first.reviews).toEqual({ added: 2, changed: 0, unchanged: 0, conflict: 0 });
    expect(first.laptop.firstImport).toBe(true);
    expect(first.auditEntries.new).toBe(pa.auditEntries);
    const second = await importInto(office, pb.files[0]);
    expect(second.reviews.added).toBe(1);

    // The office now holds A's review exactly, page references included.
    const merged = await office.api.reviews.get({ reviewId: ra });
    const onLaptop = await a.api.reviews.get({ reviewId: ra });
    expect(merged.answers.map(({ updatedAt: _u, ...x }) => x)).toEqual(onLaptop.answers.map(({ updatedAt: _u, ...x }) => x));
    expect(merged.answers.find((x) => x.verdict === 'deduct')).toMatchObject({ note: '立案审批表缺负责人签名', pageRefs: [{ page: 3 }] });
    expect(merged.review).toMatchObject({ status: 'submitted', total: onLaptop.review.total, grade: onLaptop.review.grade });

    // Twice = once.
    const digest = mergedDigest(office);
    const again = await importInto(office, pa.files[0]);
    expect(again.totals).toEqual({ added: 0, changed: 0, unchanged: 2, conflict: 0 });
    expect(again.auditEntries.new).toBe(0);
    expect(mergedDigest(office)).toBe(digest);

    // Other order, other store: the same result.
    await importInto(spare, pb.files[0]);
    await importInto(spare, pa.files[0]);
    expect(mergedDigest(spare)).toBe(digest);

    // The office knows both laptops by fingerprint; the merged list covers every review.
    const laptops = await office.api.results.laptops({});
    expect(laptops.map((l) => l.fingerprint).sort()).toEqual([first.laptop.fingerprint, second.laptop.fingerprint].sort());
    expect(laptops.find((l) => l.fingerprint === first.laptop.fingerprint)).toMatchObject({ packages: 2, label: '甲评查' });
    const list = await office.api.results.reviews({ campaignId: campaign.id });
    expect(list).toHaveLength(3);
    expect((await office.api.audit.verify({})).ok).toBe(true);
  });

  it('keeps the same review changed on two laptops as a conflict, shows it item by item, and records the office’s choice', async () => {
    const dir = tempDir();
    const { office, a, b, campaign, assignments } = await threeStores(dir);
    const id = assignments[0].id;
    await review(a, id, { deduction: 1, note: '甲的意见', submit: true });
    await review(b, id, { deduction: 2, note: '乙的意见' });
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a.drpkg'))).files[0]);
    const before = mergedDigest(office);
    const rb = await importInto(office, (await exportFrom(b, campaign.id, join(dir, 'b.drpkg'))).files[0]);
    expect(rb.reviews).toEqual({ added: 0, changed: 0, unchanged: 0, conflict: 1 });
    // Nothing overwritten: the review is still A's.
    const reviewId = (await office.api.results.reviews({ campaignId: campaign.id }))[0].reviewId;
    expect((await office.api.reviews.get({ reviewId })).answers.find((x) => x.verdict === 'deduct')?.note).toBe('甲的意见');
    expect(mergedDigest(office).split('\n').slice(0, 4)).toEqual(before.split('\n').slice(0, 4));

    const [conflict] = await office.api.results.conflicts({ campaignId: campaign.id });
    expect(conflict).toMatchObject({ kind: 'review', status: 'open', fingerprint: rb.laptop.fingerprint });
    const detail = await office.api.results.conflict({ id: conflict.id });
    const differing = detail.lines.filter((l) => l.differs);
    expect(differing.map((l) => l.key)).toEqual(expect.arrayContaining(['status']));
    const item = differing.find((l) => l.ours?.includes('甲的意见'));
    expect(item?.theirs).toContain('乙的意见');
    expect(item?.label).toMatch(/^[A-Z]+-[A-Z]+-\d+ \S/);

    // Importing B's package again adds no second conflict.
    await importInto(office, join(dir, 'b.drpkg'));
    expect(await office.api.results.conflicts({ campaignId: campaign.id })).toHaveLength(1);

    const resolved = await office.api.results.resolveConflict({ id: conflict.id, choice: 'theirs', reason: '经组长核实' });
    expect(resolved.status).toBe('took_theirs');
    expect((await office.api.reviews.get({ reviewId })).answers.find((x) => x.verdict === 'deduct')?.note).toBe('乙的意见');
    const audit = await office.api.audit.list({ limit: 5 });
    expect(audit[0]).toMatchObject({ action: 'resolve_merge_conflict', reason: '经组长核实', actor: '法制科' });
    expect((await office.api.results.conflicts({ campaignId: campaign.id })).length).toBe(0);
    await expect(office.api.results.resolveConflict({ id: conflict.id, choice: 'ours' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('marks a review edited after sign-off', async () => {
    const dir = tempDir();
    const { office, a, campaign, assignments } = await threeStores(dir);
    const reviewId = await review(a, assignments[0].id, { deduction: 1, submit: true });
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a1.drpkg'))).files[0]);
    expect((await office.api.results.reviews({ campaignId: campaign.id }))[0].changedSinceSignOff).toBe(false);
    // Sent back (退回) by the team's 组长, then edited by the reviewer.
    const leader = await a.api.reviewers.add({ campaignId: campaign.id, name: '丙组长', unitName: '示例律师事务所', role: 'leader' });
    const asLeader = createApiClient((m, i) => a.core.dispatch(m, i, { actor: '丙组长', transport: 'http', session: 'leader-window' }));
    await asLeader.session.choose({ reviewerId: leader.id });
    await asLeader.reviews.reopen({ reviewId, reason: '补充页码' });
    const sheet = await a.api.reviews.get({ reviewId });
    await a.api.reviews.saveAnswer({ reviewId, itemCode: sheet.applicable[1], verdict: 'na' });
    const r = await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a2.drpkg'))).files[0]);
    expect(r.reviews.changed).toBe(1);
    const [row] = await office.api.results.reviews({ campaignId: campaign.id });
    expect(row).toMatchObject({ status: 'draft', changedSinceSignOff: true });
  });

  it('refuses a wrong passphrase, a flipped byte, an unconfirmed new laptop and a known laptop with another key, storing nothing', async () => {
    const dir = tempDir();
    const { office, a, campaign, assignments } = await threeStores(dir);
    await review(a, assignments[0].id, { deduction: 1 });
    const p = await exportFrom(a, campaign.id, join(dir, 'a.drpkg'));
    const before = mergedDigest(office);

    expect((await refusalOf(importInto(office, p.files[0], { confirm: null }))).details?.reason).toBe('unconfirmed_signer');
    expect((await refusalOf(importInto(office, p.files[0], { confirm: '0000 1111' }))).details?.reason).toBe('unconfirmed_signer');
    const wrong = await refusalOf(importInto(office, p.files[0], { passphrase: '错的口令' }));
    expect(wrong.details?.reason).toBe('wrong_passphrase');
    expect(wrong.message).toContain('未导入任何内容');

    const bytes = readFileSync(p.files[0]);
    for (const at of [20, Math.floor(bytes.length / 2), bytes.length - 10]) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x01;
      const f = join(dir, `flip-${at}.drpkg`);
      writeFileSync(f, flipped);
      const e = await refusalOf(importInto(office, f, { confirm: (await office.api.results.inspect({ source: { kind: 'path', path: p.files[0] } })).fingerprint }));
      expect(e.code).toBe('bad_input');
    }
    expect(mergedDigest(office)).toBe(before);

    // Recorded once; then the same laptop signs with a new key (its key folder lost): refused.
    await importInto(office, p.files[0]);
    const recorded = mergedDigest(office);
    a.core.close();
    open.splice(open.indexOf(a), 1);
    rmSync(`${a.path}.identity`, { recursive: true });
    const a2 = await openSite(a.path, '甲评查');
    open.push(a2);
    // The laptop raises the audit-gap alarm first (its head is not signed by the new key); acknowledged there, the package goes out.
    await a2.api.audit.acknowledgeGap({ headSeq: a2.core.context.auditHead.gap()!.headSeq });
    const p2 = await exportFrom(a2, campaign.id, join(dir, 'a-newkey.drpkg'));
    const e = await refusalOf(importInto(office, p2.files[0]));
    expect(e.details?.reason).toBe('other_signer');
    expect(e.message).toContain('签名密钥变了');
    expect(mergedDigest(office)).toBe(recorded);
  });

  it('refuses a later package that rewrites audit entries already received', async () => {
    const dir = tempDir();
    const { office, a, campaign, assignments } = await threeStores(dir);
    await review(a, assignments[0].id, { deduction: 1 });
    await importInto(office, (await exportFrom(a, campaign.id, join(dir, 'a1.drpkg'))).files[0]);
    await review(a, assignments[1].id);
    // Someone rewrites entry 5 on the laptop around the triggers and re-hashes the chain after it.
    a.core.close();
    open.splice(open.indexOf(a), 1);
    const raw = new Database(a.path);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare(`UPDATE audit_log SET actor = '改过的人' WHERE seq = 5`).run();
    let prev = (raw.prepare('SELECT hash FROM audit_log WHERE seq = 4').get() as { hash: string }).hash;
    for (const r of raw.prepare('SELECT * FROM audit_log WHERE seq >= 5 ORDER BY seq').all() as Parameters<typeof rowHash>[0][]) {
      const hash = rowHash({ ...r, prev_hash: prev });
      raw.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
    raw.close();
    const a2 = await openSite(a.path, '甲评查');
    open.push(a2);
    // The laptop raises the audit-gap alarm first (the log no longer matches its signed head); acknowledged there, the package goes out.
    await a2.api.audit.acknowledgeGap({ headSeq: a2.core.context.auditHead.gap()!.headSeq });
    const before = mergedDigest(office);
    const e = await refusalOf(importInto(office, (await exportFrom(a2, campaign.id, join(dir, 'a2.drpkg'))).files[0]));
    expect(e.message).toContain('改写了此前已收到的审计记录');
    expect(mergedDigest(office)).toBe(before);
  });
});
