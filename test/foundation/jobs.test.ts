import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../electron/core/jobs';

describe('job runner', () => {
  it('returns at once, reports progress while running, and keeps the result', async () => {
    const runner = new JobRunner();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = runner.start('test', '测试任务', async (c) => {
      c.progress(1, 3, '第一步');
      await gate;
      c.progress(3, 3, '完成');
      return { rows: 3 };
    });
    expect(job.status).toBe('running');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(runner.get(job.id)).toMatchObject({ done: 1, total: 3, step: '第一步', status: 'running' });
    release();
    const finished = await runner.wait(job.id);
    expect(finished).toMatchObject({ status: 'done', done: 3, result: { rows: 3 }, error: null });
    expect(finished.finishedAt).not.toBeNull();
  });

  it('cancels at the next yield point and reports it', async () => {
    const runner = new JobRunner();
    let chunks = 0;
    const job = runner.start('test', '长任务', async (c) => {
      for (let i = 0; i < 1000; i++) {
        chunks++;
        await c.yieldToLoop();
      }
      return 'finished';
    });
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    runner.cancel(job.id);
    const finished = await runner.wait(job.id);
    expect(finished.status).toBe('cancelled');
    expect(finished.error?.code).toBe('cancelled');
    expect(chunks).toBeLessThan(1000);
  });

  it('a cancel that arrives after the work has finished does not relabel it as cancelled', async () => {
    const runner = new JobRunner();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job: ReturnType<typeof runner.start> = runner.start('test', '已写入的任务', async () => {
      await gate;
      // The writes are done; the cancel lands before the runner sees the result.
      runner.cancel(job.id);
      return { stored: 5 };
    });
    release();
    const finished = await runner.wait(job.id);
    expect(finished).toMatchObject({ status: 'done', result: { stored: 5 }, error: null });
  });

  it('turns a thrown error into a failed job and names unknown ids', async () => {
    const runner = new JobRunner();
    const job = runner.start('test', '坏任务', async () => {
      throw new Error('磁盘已满');
    });
    const finished = await runner.wait(job.id);
    expect(finished.status).toBe('failed');
    expect(finished.error?.message).toBe('磁盘已满');
    expect(() => runner.get('nope')).toThrow(/任务不存在/);
  });
});
