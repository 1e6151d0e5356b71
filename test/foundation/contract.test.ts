import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { API_METHODS, contract, createApiClient } from '../../shared/api/contract';
import { findMethod } from '../../shared/api/define';
import { AppError } from '../../shared/errors';
import { useTempDir } from './temp';

const ctx = { actor: 'tester', transport: 'test' as const };

describe('the API contract', () => {
  const tempDir = useTempDir();

  it('lists namespaced method names and finds only real ones', () => {
    expect(API_METHODS).toContain('campaigns.create');
    expect(API_METHODS).toContain('system.info');
    expect(findMethod(contract, 'campaigns.create')).toBeDefined();
    expect(findMethod(contract, 'campaigns.toString')).toBeUndefined();
    expect(findMethod(contract, 'constructor')).toBeUndefined();
    expect(findMethod(contract, '__proto__.x')).toBeUndefined();
  });

  it('rejects malformed arguments with a readable Chinese message naming the method and the field', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const cases: [string, unknown, RegExp][] = [
      ['campaigns.create', { name: '   ', year: 2025 }, /campaigns\.create.*name: 活动名称不能为空/],
      ['campaigns.create', { name: '活动', year: '2025' }, /year/],
      ['campaigns.create', { name: '活动', year: 2025.5 }, /year: 年度必须是整数/],
      ['campaigns.create', null, /campaigns\.create 的参数无效/],
      ['campaigns.get', { id: 'not-a-uuid' }, /id: 不是有效的 ID/],
      ['campaigns.nope', {}, /未知的接口方法：campaigns\.nope/],
    ];
    for (const [method, input, pattern] of cases) {
      const res = await core.dispatch(method, input, ctx);
      expect(res.ok, method).toBe(false);
      if (!res.ok) {
        expect(res.error.code).toBe('invalid_argument');
        expect(res.error.message).toMatch(pattern);
      }
    }
    expect(core.store.db.prepare('SELECT COUNT(*) AS n FROM campaigns').get()).toEqual({ n: 0 });
    core.close();
  });

  it('the typed client round-trips through a transport and throws AppError on failure', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const seen: string[] = [];
    const api = createApiClient(async (method, input) => {
      seen.push(method);
      // Serialise like a real transport would, so nothing but JSON crosses.
      return JSON.parse(JSON.stringify(await core.dispatch(method, JSON.parse(JSON.stringify(input)), ctx)));
    });
    const created = await api.campaigns.create({ name: '2026年度行政执法案卷评查', year: 2026, organiser: '示例市司法局' });
    expect(created.organiser).toBe('示例市司法局');
    expect((await api.campaigns.get({ id: created.id })).name).toBe('2026年度行政执法案卷评查');
    const updated = await api.campaigns.update({ id: created.id, scopeNotes: '2025年7月1日至2026年6月30日结案的案卷' });
    expect(updated.scopeNotes).toContain('2026年6月30日');
    expect(updated.name).toBe('2026年度行政执法案卷评查');
    await api.campaigns.remove({ id: created.id });
    const err = await api.campaigns.get({ id: created.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('not_found');
    expect(seen).toEqual(['campaigns.create', 'campaigns.get', 'campaigns.update', 'campaigns.remove', 'campaigns.get']);
    core.close();
  });

  it('a handler result that breaks the contract is reported, not passed on', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const original = core.handlers.campaigns.list;
    // The dispatcher holds the same handler objects, so patching one shows the output check at work.
    (core.handlers.campaigns as { list: unknown }).list = () => [{ id: 'x' }];
    const res = await core.dispatch('campaigns.list', {}, ctx);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toContain('不符合接口约定');
    core.handlers.campaigns.list = original;
    core.close();
  });
});
