import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../db/audit';
import { openStore } from '../../db/store';
import { openCore } from '../../electron/core';
import { useTempDir } from './temp';

const ctx = { actor: '李评查', transport: 'test' as const };

describe('audit log', () => {
  const tempDir = useTempDir();

  it('records every change with before and after values, newest first', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const c = await core.handlers.campaigns.create({ name: '甲', year: 2024, organiser: '', scopeNotes: '' }, ctx);
    await core.handlers.campaigns.update({ id: c.id, name: '乙' }, ctx);
    const entries = await core.handlers.audit.list({ entityId: c.id, limit: 10 }, ctx);
    expect(entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect(entries[0].actor).toBe('李评查');
    expect((entries[0].before as { name: string }).name).toBe('甲');
    expect((entries[0].after as { name: string }).name).toBe('乙');
    core.close();
  });

  it('verifies an intact chain', async () => {
    const store = await openStore(join(tempDir(), 's.sqlite'));
    for (let i = 0; i < 5; i++) appendAudit(store.db, { actor: 'a', action: 'test', entity: 'x', entityId: String(i), after: { i } });
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: true, checked: 5, brokenAtSeq: null });
    store.close();
  });

  it('rejects UPDATE and DELETE through the triggers', async () => {
    const store = await openStore(join(tempDir(), 's.sqlite'));
    appendAudit(store.db, { actor: 'a', action: 'test', entity: 'x' });
    expect(() => store.db.prepare(`UPDATE audit_log SET actor = 'b'`).run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    store.close();
  });

  it('detects an edited row even when the triggers were dropped', async () => {
    const store = await openStore(join(tempDir(), 's.sqlite'));
    for (let i = 0; i < 4; i++) appendAudit(store.db, { actor: 'a', action: 'score', entity: 'review', entityId: 'r', after: { total: 90 + i } });
    store.db.exec('DROP TRIGGER audit_log_no_update');
    store.db.prepare(`UPDATE audit_log SET after = '{"total":60}' WHERE seq = 2`).run();
    const result = verifyAuditChain(store.db);
    expect(result.ok).toBe(false);
    expect(result.brokenAtSeq).toBe(2);
    expect(result.message).toContain('第 2 条');
    store.close();
  });

  it('detects a deleted row in the middle of the chain', async () => {
    const store = await openStore(join(tempDir(), 's.sqlite'));
    for (let i = 0; i < 4; i++) appendAudit(store.db, { actor: 'a', action: 'x', entity: 'y' });
    store.db.exec('DROP TRIGGER audit_log_no_delete');
    store.db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: false, brokenAtSeq: 4 });
    store.close();
  });

  it('a rolled-back change leaves no audit entry', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const res = await core.dispatch('campaigns.update', { id: '01a20000-0000-7000-8000-000000000000', name: '不存在' }, ctx);
    expect(res.ok).toBe(false);
    expect(core.store.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
    core.close();
  });
});
