/**
 * The store remembers the newest signed head written beside it, so a head file that is deleted
 * (or left behind when the store is copied) or replaced by an older copy raises the alarm at start
 * instead of being re-signed quietly; and closing the store leaves no head write behind.
 */
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAuditHeadRecord } from '../../db/audit';
import { openCore, type Core } from '../../electron/core';
import { auditHeadPathFor, readAuditHead, type SignedAuditHead } from '../../electron/core/audit-head';
import { identityDirFor } from '../../electron/core/identity';
import { createApiClient } from '../../shared/api/contract';
import { useTempDir } from './temp';

const call = { actor: '王评查', transport: 'test' as const };
const apiOf = (core: Core) => createApiClient((m, i) => core.dispatch(m, i, call));

function headOf(storePath: string): SignedAuditHead {
  const read = readAuditHead(auditHeadPathFor(storePath));
  if (read.state !== 'ok') throw new Error(`no head: ${read.state}`);
  return read.head;
}

const tableSeq = (core: Core) => (core.store.db.prepare('SELECT MAX(seq) AS n FROM audit_log').get() as { n: number }).n;

/** A store with a few audited changes, closed: its head and its record of the head agree. */
async function storeWithHistory(dir: string, changes = 2): Promise<{ db: string; campaignId: string }> {
  const db = join(dir, 's.sqlite');
  const core = await openCore(db);
  const api = apiOf(core);
  const c = await api.campaigns.create({ name: '甲', year: 2026 });
  for (let i = 0; i < changes; i++) await api.campaigns.update({ id: c.id, scopeNotes: `第 ${i} 次` });
  await core.close();
  return { db, campaignId: c.id };
}

describe('the store records its signed head', () => {
  const tempDir = useTempDir();

  it('a fresh store: records the heads it writes (a save carries the record, at most every few seconds; close records the last), opens again without complaint', async () => {
    const db = join(tempDir(), 's.sqlite');
    let core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await core.context.auditHead.settled();
    const first = headOf(db);
    // The next audited change carries the record of the head now on disk, in its own transaction.
    await api.campaigns.update({ id: c.id, name: '乙' });
    expect(readAuditHeadRecord(core.store.db)).toMatchObject({ seq: first.seq, hash: first.hash });
    await core.close();
    const head = headOf(db);
    const raw = new Database(db, { readonly: true });
    expect(readAuditHeadRecord(raw)).toEqual({ storeId: head.storeId, seq: head.seq, hash: head.hash, signedAt: head.signedAt });
    raw.close();

    core = await openCore(db);
    const info = await apiOf(core).system.info({});
    expect(info.auditGap).toBeNull();
    expect(info.health.ok).toBe(true);
    await apiOf(core).campaigns.update({ id: c.id, name: '丙' });
    expect(await apiOf(core).audit.verify({})).toMatchObject({ ok: true, head: { state: 'ok' } });
    await core.close();
  });

  it('a deleted head file: reported at start, writes refused, verify fails; acknowledging signs a new head and writes resume', async () => {
    const { db, campaignId } = await storeWithHistory(tempDir());
    const head = headOf(db);
    rmSync(auditHeadPathFor(db));

    let core = await openCore(db);
    const api = apiOf(core);
    const info = await api.system.info({});
    expect(info.health.ok).toBe(false);
    expect(info.auditGap).toMatchObject({ kind: 'head_missing', headSeq: head.seq, tableSeq: head.seq, missingCount: 0 });
    expect(info.auditGap!.message).toMatch(/^签名链头文件缺失/);
    expect(info.auditGap!.message).toContain(`第 ${head.seq} 条`);
    expect(info.auditGap!.message).toContain(auditHeadPathFor(db));
    // Not re-signed quietly, and nothing can be changed until acknowledged.
    expect(readAuditHead(auditHeadPathFor(db)).state).toBe('missing');
    const refused = await core.dispatch('campaigns.update', { id: campaignId, name: '乙' }, call);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/签名链头文件缺失/) } });
    expect(await api.audit.verify({})).toMatchObject({ ok: false, head: { state: 'missing', message: expect.stringMatching(/签名链头文件缺失/) } });

    const ack = await api.audit.acknowledgeGap({ headSeq: head.seq });
    const [entry] = await api.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ seq: ack.seq, action: 'audit_gap_acknowledged', before: { kind: 'head_missing', headSeq: head.seq } });
    expect(headOf(db).seq).toBe(ack.seq);
    expect(readAuditHeadRecord(core.store.db)?.seq).toBe(ack.seq);
    await api.campaigns.update({ id: campaignId, name: '乙' });
    await core.close();
    core = await openCore(db);
    expect((await apiOf(core).system.info({})).auditGap).toBeNull();
    await core.close();
  });

  it('a deleted head and a rewritten log: the message says the log no longer matches the recorded head', async () => {
    const { db } = await storeWithHistory(tempDir());
    rmSync(auditHeadPathFor(db));
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare(`UPDATE audit_log SET hash = ? WHERE seq = (SELECT MAX(seq) FROM audit_log)`).run('f'.repeat(64));
    raw.close();
    const core = await openCore(db);
    const gap = (await apiOf(core).system.info({})).auditGap;
    expect(gap?.kind).toBe('head_missing');
    expect(gap!.message).toMatch(/审计日志被改写过/);
    await core.close();
  });

  it('an older head copied back over the newer one: reported at start and writes refused', async () => {
    const dir = tempDir();
    const { db, campaignId } = await storeWithHistory(dir, 1);
    const older = headOf(db);
    copyFileSync(auditHeadPathFor(db), join(dir, 'older-head.json'));
    let core = await openCore(db);
    for (let i = 0; i < 3; i++) await apiOf(core).campaigns.update({ id: campaignId, name: `名称 ${i}` });
    await core.close();
    const newer = headOf(db);
    expect(newer.seq).toBe(older.seq + 3);
    // The older head is genuine (signed by this installation) and matches the table up to its seq.
    copyFileSync(join(dir, 'older-head.json'), auditHeadPathFor(db));

    core = await openCore(db);
    const api = apiOf(core);
    const info = await api.system.info({});
    expect(info.health.ok).toBe(false);
    expect(info.auditGap).toMatchObject({ kind: 'head_older', headSeq: newer.seq, tableSeq: newer.seq, missingCount: 0 });
    expect(info.auditGap!.message).toMatch(/^签名链头文件比数据库记录的旧/);
    expect(info.auditGap!.message).toContain(`第 ${older.seq} 条`);
    expect(await core.dispatch('campaigns.update', { id: campaignId, name: '乙' }, call)).toMatchObject({ ok: false });
    expect(headOf(db).seq).toBe(older.seq); // left as found, for whoever looks into it
    expect(await api.audit.verify({})).toMatchObject({ ok: false, head: { state: 'invalid' } });
    await api.audit.acknowledgeGap({ headSeq: newer.seq });
    expect((await api.system.info({})).health.ok).toBe(true);
    await core.close();
  });

  it('a store copied elsewhere without its head file raises the same alarm (the record travels inside the store)', async () => {
    const dir = tempDir();
    const { db } = await storeWithHistory(dir);
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(db, copy);
    const core = await openCore(copy);
    expect((await apiOf(core).system.info({})).auditGap?.kind).toBe('head_missing');
    expect((await apiOf(core).system.info({})).auditGap?.message).toMatch(/\.identity 文件夹/);
    await core.close();
  });
});

describe('the log changed behind the running app', () => {
  const tempDir = useTempDir();

  it('rows already signed are deleted while the app runs: the next change is not signed over them, writes stop until acknowledged', async () => {
    const db = join(tempDir(), 's.sqlite');
    const core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    for (let i = 0; i < 3; i++) await api.campaigns.update({ id: c.id, scopeNotes: `第 ${i} 次` });
    await core.context.auditHead.settled();
    const signed = headOf(db);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq > ?').run(signed.seq - 2);
    raw.close();

    await api.campaigns.update({ id: c.id, name: '乙' }); // committed before anyone could know
    await core.context.auditHead.settled();
    expect(headOf(db).seq).toBe(signed.seq); // not re-signed over the hole
    const info = await api.system.info({});
    expect(info.health.ok).toBe(false);
    expect(info.auditGap).toMatchObject({ kind: 'rewritten', headSeq: signed.seq });
    expect(await core.dispatch('campaigns.update', { id: c.id, name: '丙' }, call)).toMatchObject({ ok: false });
    await api.audit.acknowledgeGap({ headSeq: signed.seq });
    await api.campaigns.update({ id: c.id, name: '丙' });
    await core.context.auditHead.settled();
    expect(headOf(db).seq).toBe(tableSeq(core));
    await core.close();
  });
});

describe('closing the store and the background head write', () => {
  const tempDir = useTempDir();
  const errors = vi.spyOn(console, 'error');
  afterEach(() => errors.mockClear());

  it('closing right after a write: the final head is on disk, nothing is pending, no temp file is left and nothing is logged', async () => {
    const db = join(tempDir(), 's.sqlite');
    const core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await api.campaigns.update({ id: c.id, name: '乙' }); // its head write starts in the background
    const last = tableSeq(core);
    await core.close();
    expect(headOf(db).seq).toBe(last);
    expect(readdirSync(identityDirFor(db)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Nothing runs any more: a folder removed now cannot trip a late write.
    rmSync(join(db, '..'), { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(errors).not.toHaveBeenCalled();
  });

  it('closing the store itself (not through the core) also writes the final head first', async () => {
    const dir = tempDir();
    const db = join(dir, 's.sqlite');
    const core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await api.campaigns.update({ id: c.id, scopeNotes: '范围' });
    const last = tableSeq(core);
    core.store.close();
    expect(headOf(db).seq).toBe(last);
    rmSync(dir, { recursive: true, force: true });
    await core.context.auditHead.settled();
    await new Promise((r) => setTimeout(r, 50));
    expect(errors).not.toHaveBeenCalled();
  });

  it('the store folder removed while the store is still open (clean-up before close): the write in flight fails quietly', async () => {
    const dir = tempDir();
    const db = join(dir, 's.sqlite');
    const core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await api.campaigns.update({ id: c.id, name: '乙' });
    rmSync(dir, { recursive: true, force: true });
    await core.context.auditHead.settled();
    expect(errors).not.toHaveBeenCalled();
    await core.close();
    expect(errors).not.toHaveBeenCalled();
  });
});
