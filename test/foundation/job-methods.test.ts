/**
 * job(): a job-starting method declares its result schema; the dispatcher holds the job to it (a
 * result that breaks it fails the job) and the id it returns types jobs.get's `result`.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JobRunner } from '../../electron/core/jobs';
import { createDispatcher, isJobMethod, job, makeClient, reportsJob, query, type HandlersOf } from '../../shared/api/define';
import { contract } from '../../shared/api/contract';
import { Job } from '../../shared/api/namespaces/jobs';

const tiny = {
  count: { start: job('数一数', z.object({ rows: z.number().int() }), z.object({ rows: z.number().int() })) },
  jobs: { get: reportsJob(query('任务进度', z.object({ id: z.string() }), Job)) },
};

function serve(result: (rows: number) => unknown) {
  const runner = new JobRunner();
  const handlers: HandlersOf<typeof tiny> = {
    count: { start: ({ rows }) => ({ jobId: runner.start('count', '数一数', async () => result(rows)).id }) },
    jobs: { get: ({ id }) => runner.get(id) },
  };
  const dispatch = createDispatcher(tiny, handlers, { onJobStarted: (id, check) => runner.checkResult(id, check) });
  const api = makeClient(tiny, (method, input) => dispatch(method, input, { actor: 't', transport: 'test' }));
  return { runner, api };
}

describe('job methods', () => {
  it('a result that matches the schema is reported parsed, and typed by the job id', async () => {
    const { runner, api } = serve((rows) => ({ rows, extra: 'dropped' }));
    const { jobId } = await api.count.start({ rows: 3 });
    await runner.wait(jobId);
    const done = await api.jobs.get({ id: jobId });
    expect(done.status).toBe('done');
    const rows: number | undefined = done.result?.rows; // compiles only because the id carries the result type
    expect(rows).toBe(3);
    expect(done.result).toEqual({ rows: 3 });
  });

  it('a result that breaks the schema fails the job instead of reaching the caller', async () => {
    const { runner, api } = serve(() => ({ rows: 'three' }));
    const { jobId } = await api.count.start({ rows: 3 });
    const done = await runner.wait(jobId);
    expect(done.status).toBe('failed');
    expect(done.result).toBeUndefined();
    expect(done.error?.code).toBe('internal');
    expect(done.error?.message).toContain('count.start 的任务结果不符合接口约定');
  });

  it('a job that finished before its check arrived is checked then', async () => {
    const runner = new JobRunner();
    const started = runner.start('count', '数一数', async () => ({ rows: 'three' }));
    await runner.wait(started.id);
    runner.checkResult(started.id, (r) => z.object({ rows: z.number() }).parse(r));
    expect(runner.get(started.id).status).toBe('failed');
  });

  it('every method that starts a job in the contract declares its result schema', () => {
    const jobMethods = Object.entries(contract).flatMap(([ns, methods]) =>
      Object.entries(methods)
        .filter(([, def]) => isJobMethod(def))
        .map(([m]) => `${ns}.${m}`),
    );
    expect(jobMethods.sort()).toEqual(['campaignPackages.export', 'campaignPackages.import', 'checks.start', 'exports.start', 'files.attach', 'registers.startImport', 'results.startExport', 'results.startImport']);
  });
});
