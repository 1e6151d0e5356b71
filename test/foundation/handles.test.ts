import { describe, expect, it } from 'vitest';
import type { ReadableDB, WritableDB } from '../../db/handles';
import { campaignReads, campaignRepository } from '../../db/repositories/campaigns';
import { noticeReads, noticeRepository } from '../../db/repositories/notices';
import { openStore } from '../../db/store';
import { createCoreContext } from '../../electron/core/context';
import { AppError } from '../../shared/errors';

describe('read-only and writable handles', () => {
  it('keeps writes out of reach of a read-only handle, by type', async () => {
    const store = await openStore(':memory:');
    const ctx = createCoreContext(store, 'test');
    const read: ReadableDB = ctx.read;
    const write: WritableDB = ctx.db;
    // A writable handle may read…
    expect(campaignReads(write).list()).toEqual([]);
    // …but a read-only one is refused wherever something could write: `tsc` fails if these compile.
    // @ts-expect-error a ReadableDB is not a WritableDB
    expect(() => campaignRepository(read)).not.toThrow();
    // @ts-expect-error a ReadableDB is not a WritableDB
    expect(() => noticeRepository(read)).not.toThrow();
    // @ts-expect-error exec is not offered on a read-only handle
    expect(typeof read.exec).toBe('function');
    // What the reads offer has no write among it.
    expect(Object.keys(campaignReads(read)).sort()).toEqual(['get', 'list', 'mustExist']);
    expect(Object.keys(noticeReads(read)).sort()).toEqual(['get', 'ofCampaign', 'ofUnit']);
    store.close();
  });

  it('campaigns.mustExist returns the campaign and refuses an unknown id', async () => {
    const store = await openStore(':memory:');
    const repo = campaignRepository(store.db);
    repo.insert({ id: 'c1', name: '2026年度评查', year: 2026, organiser: '司法局', scopeNotes: '', phase: 'planned', createdAt: 'x', updatedAt: 'x' });
    expect(repo.mustExist('c1')).toEqual({ id: 'c1', name: '2026年度评查', year: 2026, organiser: '司法局' });
    const err = (() => {
      try {
        repo.mustExist('nope');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not_found');
    expect((err as AppError).message).toBe('评查活动不存在（nope），可能已被删除。');
    store.close();
  });
});
