/**
 * What a start does before the first call (issue #17, CLI start-up): the core builds a namespace's
 * handlers — and prepares their statements — on its first call, and the built-in templates are
 * parsed on first use, not when their module loads. `campaigns.list` still answers as before.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store';
import { createCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { builtinTemplate, builtinTemplateList } from '../../shared/domain/templates';

const ctx = { actor: 'test', transport: 'test' as const };

/** Counts the statements prepared on the store's connection from now on. */
function countPrepares(db: { prepare: (sql: string) => unknown }): { count: number } {
  const counter = { count: 0 };
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    counter.count++;
    return prepare(sql);
  };
  return counter;
}

describe('lazy start', () => {
  it('builds a namespace on its first call only, and once', async () => {
    const store = await openStore(':memory:');
    const prepares = countPrepares(store.db);
    const core = createCore(store);
    try {
      const atOpen = prepares.count;
      const api = createApiClient((m, i) => core.dispatch(m, i, ctx));
      await api.campaigns.create({ name: '按需构建', year: 2025 });
      const list = await api.campaigns.list({});
      expect(list.map((c) => c.name)).toEqual(['按需构建']);
      const afterCampaigns = prepares.count;
      await api.campaigns.list({});
      // A second call reuses the built namespace and its statements.
      expect(prepares.count).toBe(afterCampaigns);
      // The reviews namespace alone prepares dozens of statements; none of them were prepared yet.
      void core.handlers.reviews;
      const reviews = prepares.count - afterCampaigns;
      expect(reviews).toBeGreaterThan(20);
      expect(afterCampaigns - atOpen).toBeLessThan(reviews);
      // Every namespace is still there, enumerable, with its methods.
      expect(Object.keys(core.handlers)).toEqual(expect.arrayContaining(['campaigns', 'reviews', 'checks', 'files', 'system', 'jobs']));
      expect(typeof core.handlers.checks.run).toBe('function');
    } finally {
      await core.close();
    }
  });

  it('parses the built-in templates once, on first use', () => {
    const first = builtinTemplateList();
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(builtinTemplateList()).toBe(first);
    expect(builtinTemplate('PG')?.version).toBe(Math.max(...first.filter((t) => t.key === 'PG').map((t) => t.version)));
  });
});
