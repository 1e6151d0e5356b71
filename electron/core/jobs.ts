/**
 * In-process job runner. A job is an async function that reports progress and checks its
 * cancellation signal between chunks of work (yieldToLoop), so the process keeps answering
 * other calls — progress polls included — while it runs.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { JobId } from '../../shared/api/define';
import type { Job } from '../../shared/api/namespaces/jobs';
import { AppError } from '../../shared/errors';
import { newId, nowIso } from '../../db/util';

export interface JobControl {
  progress(done: number, total?: number, step?: string): void;
  readonly signal: AbortSignal;
  /** Throws AppError('cancelled') when the job was cancelled; otherwise lets other work run. */
  yieldToLoop(): Promise<void>;
}

const KEEP_FINISHED = 50;

interface Entry {
  job: Job;
  abort: AbortController;
  settled: Promise<void>;
  /** The starting method's result check (see checkResult). */
  check?: (result: unknown) => unknown;
}

export class JobRunner {
  private readonly jobs = new Map<string, Entry>();

  start<T>(kind: string, label: string, work: (control: JobControl) => Promise<T>): Job {
    const abort = new AbortController();
    const job: Job = {
      id: newId(),
      kind,
      label,
      status: 'running',
      done: 0,
      total: 0,
      step: '',
      startedAt: nowIso(),
      finishedAt: null,
      error: null,
    };
    const control: JobControl = {
      progress: (done, total, step) => {
        job.done = done;
        if (total !== undefined) job.total = total;
        if (step !== undefined) job.step = step;
      },
      signal: abort.signal,
      yieldToLoop: async () => {
        await nextTurn();
        if (abort.signal.aborted) throw new AppError('cancelled', '任务已取消，未保存任何数据。');
      },
    };
    const settled = (async () => {
      try {
        await nextTurn(); // return the job id before any work starts
        // Work that returns has finished (a job honours cancel by throwing at its yield points): a
        // cancel that arrives after its last one is too late, and the job must not claim otherwise.
        const result = await work(control);
        const check = this.jobs.get(job.id)?.check;
        job.result = check ? check(result) : result;
        job.status = 'done';
      } catch (err) {
        const e = err instanceof AppError ? err : new AppError('internal', err instanceof Error ? err.message : String(err));
        job.status = e.code === 'cancelled' ? 'cancelled' : 'failed';
        job.error = e.toPayload();
        if (!(err instanceof AppError)) console.error(`[job ${kind}]`, err);
      } finally {
        job.finishedAt = nowIso();
        this.prune();
      }
    })();
    this.jobs.set(job.id, { job, abort, settled });
    return { ...job };
  }

  /**
   * Holds a job to the result schema of the method that started it (the dispatcher calls this as
   * soon as the method returns): a result that does not match fails the job instead of reaching the caller.
   */
  checkResult(id: string, check: (result: unknown) => unknown): void {
    const entry = this.jobs.get(id);
    if (!entry) return;
    entry.check = check;
    if (entry.job.status !== 'done') return;
    // Finished before the check arrived (not the case for jobs started by a handler, whose work waits a turn).
    try {
      entry.job.result = check(entry.job.result);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', String(err));
      entry.job.status = 'failed';
      entry.job.result = undefined;
      entry.job.error = e.toPayload();
    }
  }

  get(id: string): Job {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', `任务不存在（${id}）。`);
    return { ...entry.job };
  }

  list(): Job[] {
    return [...this.jobs.values()].map((e) => ({ ...e.job })).reverse();
  }

  cancel(id: string): Job {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', `任务不存在（${id}）。`);
    if (entry.job.status === 'running') entry.abort.abort();
    return { ...entry.job };
  }

  /** For the CLI and tests: resolves when the job has finished, whatever its outcome. */
  async wait<R = unknown>(id: JobId<R>): Promise<Job<R>> {
    const entry = this.jobs.get(id);
    if (!entry) throw new AppError('not_found', `任务不存在（${id}）。`);
    await entry.settled;
    return { ...entry.job } as Job<R>;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.job.status !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(e.job.id);
  }
}
