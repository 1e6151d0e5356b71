import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core';
import { percentile, type BenchCase } from './harness';

const ctx = { actor: 'bench', transport: 'test' as const };

export const foundationBench: BenchCase = {
  title: 'foundation: store open and API round trips',
  async run(emit, dir) {
    const t0 = performance.now();
    const core = await openCore(join(dir, 'bench.sqlite'));
    emit('store_create_ms', performance.now() - t0, 'ms');

    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const s = performance.now();
      const res = await core.dispatch('campaigns.create', { name: `基准活动 ${i}`, year: 2026, organiser: '示例市司法局' }, ctx);
      times.push(performance.now() - s);
      if (!res.ok) throw new Error(res.error.message);
    }
    emit('campaign_create_p99_ms', percentile(times, 99), 'ms');

    const listTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      await core.dispatch('campaigns.list', {}, ctx);
      listTimes.push(performance.now() - s);
    }
    emit('campaign_list_500_p50_ms', percentile(listTimes, 50), 'ms');
    core.close();

    const r0 = performance.now();
    const reopened = await openCore(join(dir, 'bench.sqlite'));
    emit('store_reopen_ms', performance.now() - r0, 'ms');
    reopened.close();
  },
};
