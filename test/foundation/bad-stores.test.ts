/**
 * Bad stores are refused clearly and nothing in them is lost: a read-only file, a truncated file, an
 * empty file, a newer program's store, and a full disk during autosave. The messages come from
 * db/store.ts, so the app, the loopback host and the CLI (all through openCore / core.dispatch) say the same.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { openStore, storeFailure } from '../../db/store';
import { openCore, type Core } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { assignedCampaign } from '../fixtures/assigned-campaign';
import { useTempDir } from './temp';

/** Paths this process may not write, as a read-only file looks to a non-root user (tests run as root). */
const readOnlyPaths = new Set<string>();
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const accessSync: typeof real.accessSync = (p, mode) => {
    if (mode !== undefined && mode & real.constants.W_OK && readOnlyPaths.has(String(p))) {
      throw Object.assign(new Error(`EACCES: permission denied, access '${String(p)}'`), { code: 'EACCES' });
    }
    return real.accessSync(p, mode);
  };
  return { ...real, accessSync, default: { ...real, accessSync } };
});

const ctx = { actor: '甲评查', transport: 'test' as const };
const hashOf = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('bad stores: refused clearly, nothing lost', () => {
  const tempDir = useTempDir();
  let core: Core | undefined;
  afterEach(() => {
    core?.close();
    core = undefined;
    readOnlyPaths.clear();
  });

  /** A closed store with one campaign, its WAL folded into the file. */
  async function storeWithData(name: string): Promise<string> {
    const path = join(tempDir(), name);
    const c = await openCore(path);
    const api = createApiClient((m, i) => c.dispatch(m, i, ctx));
    for (let n = 0; n < 20; n++) await api.campaigns.create({ name: `活动${n}`, year: 2025, scopeNotes: '范围'.repeat(500) });
    c.close();
    return path;
  }

  it('a read-only store file opens read-only with a message that says so, and refuses writes with it', async () => {
    const path = await storeWithData('readonly.sqlite');
    const before = hashOf(path);
    readOnlyPaths.add(path);
    core = await openCore(path);
    expect(core.store.health.ok).toBe(false);
    expect(core.store.health.message).toContain('只读');
    expect(core.store.health.message).toContain('设为可写');
    const api = createApiClient((m, i) => core!.dispatch(m, i, ctx));
    expect((await api.campaigns.list({})).length).toBe(20);
    const refused = await core.dispatch('campaigns.create', { name: '不应写入', year: 2025 }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { message: core.store.health.message } });
    expect(JSON.stringify(refused)).not.toMatch(/内部错误|readonly database/);
    core.close();
    expect(hashOf(path)).toBe(before);
  });

  it('SQLite\'s own read-only and disk-full failures become plain messages, not 内部错误', () => {
    const readonly = storeFailure(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }), '/x/s.sqlite');
    expect(readonly).toMatchObject({ code: 'store_readonly' });
    expect(readonly!.message).toContain('只读');
    expect(storeFailure(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), '/x/s.sqlite')).toMatchObject({ code: 'disk_full' });
    expect(storeFailure(new Error('other'), '/x/s.sqlite')).toBeNull();
  });

  it('a truncated store opens in the damaged read-only mode and is left as it was', async () => {
    const path = await storeWithData('truncated.sqlite');
    truncateSync(path, Math.floor(statSync(path).size / 2));
    const before = hashOf(path);
    core = await openCore(path);
    expect(core.store.health.ok).toBe(false);
    expect(core.store.health.message).toContain('已损坏');
    expect(core.store.health.message).toContain('只读');
    const info = await core.dispatch('system.info', {}, ctx);
    expect(info).toMatchObject({ ok: true, value: { health: { ok: false, message: core.store.health.message } } });
    const refused = await core.dispatch('campaigns.create', { name: '不应写入', year: 2025 }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'store_damaged' } });
    expect(JSON.stringify(refused)).not.toContain('内部错误');
    core.close();
    expect(hashOf(path)).toBe(before);
  });

  it('an existing 0-byte store is refused as empty, never silently made a new store', async () => {
    const path = join(tempDir(), 'empty.sqlite');
    writeFileSync(path, '');
    const err = await openCore(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'store_damaged' });
    expect((err as Error).message).toContain('空文件');
    expect(statSync(path).size).toBe(0);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('a store of a newer schema is refused without being changed (its journal mode is not switched)', async () => {
    const path = join(tempDir(), 'future.sqlite');
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = hashOf(path);
    const err = await openStore(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unsupported_store' });
    expect((err as Error).message).toContain('未作任何修改');
    expect(hashOf(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('disk full during autosave: a clear message, and the answer is not acknowledged or stored', async () => {
    core = await openCore(join(tempDir(), 'full.sqlite'));
    const c = core;
    const api = createApiClient((m, i) => c.dispatch(m, i, ctx));
    const { assignments } = await assignedCampaign(api, '磁盘满');
    const sheet = await api.reviews.open({ assignmentId: assignments[0].id });
    const itemCode = sheet.applicable[0];

    // The store may not grow beyond its present size: the next page it needs is "disk full".
    c.store.db.pragma(`max_page_count = ${c.store.db.pragma('page_count', { simple: true }) as number}`);
    let failure: { code: string; message: string } | null = null;
    let n = 0;
    for (; n < 200 && !failure; n++) {
      const r = await c.dispatch('reviews.saveAnswer', { reviewId: sheet.review.id, itemCode, verdict: 'na', note: `第${n}次${'说明'.repeat(2000)}` }, ctx);
      if (!r.ok) failure = r.error;
    }
    expect(failure).toMatchObject({ code: 'disk_full' });
    expect(failure!.message).toContain('磁盘空间不足');
    expect(failure!.message).toContain('没有保存');
    const stored = await api.reviews.get({ reviewId: sheet.review.id });
    const answer = stored.answers.find((a) => a.itemCode === itemCode);
    expect(answer?.note ?? '').not.toContain(`第${n - 1}次`);
    expect((await api.audit.verify({})).ok).toBe(true);
  });
});

