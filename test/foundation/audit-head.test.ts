/**
 * The signed audit chain head beside the store: it follows every audited commit, and a table that
 * ends before it (lost -wal frames, an older copy of the store), a rewritten table or an edited head
 * is reported at start, blocks every write until acknowledged, and fails audit.verify.
 */
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditRowHash, readAuditHeadRecord } from '../../db/audit';
import { openCore, type Core } from '../../electron/core';
import { auditHeadPathFor, headSignatureValid, readAuditHead, type SignedAuditHead } from '../../electron/core/audit-head';
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

/** The head is written in the background after each change: wait for it. */
const settled = (core: Core) => core.context.auditHead.settled();

const tableSeq = (core: Core) => (core.store.db.prepare('SELECT MAX(seq) AS n FROM audit_log').get() as { n: number }).n;

describe('signed audit chain head', () => {
  const tempDir = useTempDir();

  it('is signed by the installation key after each audited change and ends where the table ends', async () => {
    const db = join(tempDir(), 's.sqlite');
    const core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await settled(core);
    expect(headOf(db).seq).toBe(tableSeq(core));
    await api.campaigns.update({ id: c.id, name: '乙' });
    await settled(core);
    const head = headOf(db);
    expect(head.seq).toBe(tableSeq(core));
    expect(head.recent[0]).toMatchObject({ seq: head.seq, action: 'update', entityId: c.id, actor: '王评查' });
    expect(headSignatureValid(head)).toBe(true);
    expect(head.publicKey).toBe((await api.system.identity({})).publicKey);
    // A rolled-back change signs nothing new.
    await core.dispatch('campaigns.update', { id: '01a20000-0000-7000-8000-000000000000', name: '无' }, call);
    await settled(core);
    expect(headOf(db).seq).toBe(head.seq);
    expect(await api.audit.verify({})).toMatchObject({ ok: true, head: { state: 'ok', seq: head.seq } });
    core.close();
  });

  it('a table shorter than the head (a restored older copy): says so at start, names what is missing, refuses writes until acknowledged', async () => {
    const dir = tempDir();
    const db = join(dir, 's.sqlite');
    const older = join(dir, 'older.sqlite');
    let core = await openCore(db);
    let api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await core.store.backupTo(older);
    await api.campaigns.update({ id: c.id, name: '乙' });
    await api.campaigns.update({ id: c.id, scopeNotes: '范围' });
    core.close();
    const head = headOf(db);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    copyFileSync(older, db);

    core = await openCore(db);
    api = apiOf(core);
    const info = await api.system.info({});
    expect(info.health.ok).toBe(false);
    expect(info.auditGap).toMatchObject({ kind: 'shortened', headSeq: head.seq, tableSeq: head.seq - 2, missingCount: 2 });
    expect(info.auditGap!.missing.map((m) => [m.seq, m.action, m.entityId])).toEqual([
      [head.seq - 1, 'update', c.id],
      [head.seq, 'update', c.id],
    ]);
    expect(info.auditGap!.message).toMatch(/审计日志比签名链头少 2 条/);
    expect(info.auditGap!.message).toContain(`第 ${head.seq} 条`);
    // Reads work; writes are refused with the gap's message; the table and the head stay as they were.
    expect((await api.campaigns.get({ id: c.id })).name).toBe('甲');
    const refused = await core.dispatch('campaigns.update', { id: c.id, name: '丙' }, call);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/审计日志比签名链头少/) } });
    expect(headOf(db).seq).toBe(head.seq);
    const verified = await api.audit.verify({});
    expect(verified).toMatchObject({ ok: false, head: { state: 'shortened', seq: head.seq } });

    // Acknowledging a different head is refused; the right one records the loss and signs a new head.
    await expect(api.audit.acknowledgeGap({ headSeq: head.seq + 5 })).rejects.toMatchObject({ code: 'conflict' });
    const ack = await api.audit.acknowledgeGap({ headSeq: head.seq });
    const [entry] = await api.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ seq: ack.seq, action: 'audit_gap_acknowledged', actor: '王评查', before: { headSeq: head.seq, missingCount: 2 } });
    expect((await api.system.info({})).health.ok).toBe(true);
    await api.campaigns.update({ id: c.id, name: '丙' });
    await settled(core);
    expect(headOf(db).seq).toBe(tableSeq(core));
    expect(await api.audit.verify({})).toMatchObject({ ok: true, head: { state: 'ok' } });
    core.close();
    // Acknowledged for good: the next start is clean.
    core = await openCore(db);
    expect((await apiOf(core).system.info({})).auditGap).toBeNull();
    core.close();
  });

  it('a damaged -wal file that drops acknowledged saves: integrity_check passes, the head notices', async () => {
    const dir = tempDir();
    const db = join(dir, 's.sqlite');
    const copy = join(dir, 'crashed.sqlite');
    const core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    core.store.db.pragma('wal_checkpoint(TRUNCATE)');
    for (let i = 0; i < 6; i++) await api.campaigns.update({ id: c.id, scopeNotes: `第 ${i} 次修改` });
    await settled(core);
    // The files as a power cut would leave them (nothing is being written now), then a bad frame mid-WAL.
    copyFileSync(db, copy);
    copyFileSync(`${db}-wal`, `${copy}-wal`);
    copyFileSync(auditHeadPathFor(db), auditHeadPathFor(copy));
    cpSync(identityDirFor(db), identityDirFor(copy), { recursive: true });
    const head = headOf(db);
    core.close();
    const wal = readFileSync(`${copy}-wal`);
    const at = Math.floor(wal.length / 2);
    wal[at] ^= 0xff;
    writeFileSync(`${copy}-wal`, wal);

    const check = new Database(copy, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    const crashed = await openCore(copy);
    const gap = (await apiOf(crashed).system.info({})).auditGap;
    expect(gap?.kind).toBe('shortened');
    expect(gap!.tableSeq).toBeLessThan(head.seq);
    expect(gap!.missing.length).toBe(head.seq - gap!.tableSeq);
    expect(gap!.missing.every((m) => m.action === 'update' && m.entityId === c.id)).toBe(true);
    crashed.close();
  });

  it('a rewritten table (row edited, hashes recomputed, so the chain itself verifies) is reported', async () => {
    const db = join(tempDir(), 's.sqlite');
    let core = await openCore(db);
    const api = apiOf(core);
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    for (let i = 0; i < 3; i++) await api.campaigns.update({ id: c.id, scopeNotes: `v${i}` });
    core.close();

    const raw = new Database(db);
    raw.exec('DROP TRIGGER audit_log_no_update');
    type Row = Parameters<typeof auditRowHash>[0] & { hash: string };
    const rows = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const edited = { ...r, prev_hash: prev, actor: r.seq === 2 ? '别人' : r.actor };
      const hash = auditRowHash(edited);
      raw.prepare('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(edited.actor, prev, hash, r.seq);
      prev = hash;
    }
    raw.close();

    core = await openCore(db);
    const verified = await apiOf(core).audit.verify({});
    expect(verified.ok).toBe(false);
    expect(verified.brokenAtSeq).toBeNull(); // the hashes alone would pass
    expect(verified.head?.state).toBe('rewritten');
    expect(verified.message).toMatch(/审计日志被改写：第 2 条起/);
    expect((await apiOf(core).system.info({})).auditGap?.kind).toBe('rewritten');
    core.close();
  });

  it('a head edited by hand (claiming fewer rows) no longer verifies', async () => {
    const db = join(tempDir(), 's.sqlite');
    let core = await openCore(db);
    await apiOf(core).campaigns.create({ name: '甲', year: 2026 });
    core.close();
    const head = headOf(db);
    writeFileSync(auditHeadPathFor(db), JSON.stringify({ ...head, seq: head.seq - 1 }));
    core = await openCore(db);
    const info = await apiOf(core).system.info({});
    expect(info.auditGap).toMatchObject({ kind: 'head_signature' });
    expect(info.auditGap!.message).toMatch(/签名无效/);
    expect(await core.dispatch('campaigns.create', { name: '乙', year: 2026 }, call)).toMatchObject({ ok: false });
    core.close();
  });

  it('a store from before signed heads (no head file, nothing recorded) gets one at start, without complaint', async () => {
    const db = join(tempDir(), 's.sqlite');
    let core = await openCore(db);
    await apiOf(core).campaigns.create({ name: '甲', year: 2026 });
    await core.close();
    // What such a store looks like: no head beside it and no record of one in it.
    rmSync(auditHeadPathFor(db));
    const raw = new Database(db);
    raw.prepare(`DELETE FROM meta WHERE key = 'audit_head'`).run();
    raw.close();
    core = await openCore(db);
    expect((await apiOf(core).system.info({})).auditGap).toBeNull();
    expect(existsSync(auditHeadPathFor(db))).toBe(true);
    expect(statSync(auditHeadPathFor(db)).size).toBeGreaterThan(0);
    expect(headOf(db).seq).toBe(tableSeq(core));
    expect(readAuditHeadRecord(core.store.db)).toMatchObject({ seq: headOf(db).seq, hash: headOf(db).hash });
    await core.close();
  });
});
