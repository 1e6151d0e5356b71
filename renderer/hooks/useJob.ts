/**
 * useJob: follow one long-running core job (import, attach, checks, export…) from the UI.
 *
 *   const job = useJob<'files.attach'>({ onDone: (result) => refresh() });   // result: that method's result type
 *   const { jobId } = await getApi().files.attach(…);   // the job method named above
 *   job.start(jobId, { total: uploads.length });       // optional first progress while the first poll runs
 *   …
 *   {job.running && job.job ? <ProgressBar done={job.job.done} total={job.job.total} label={job.job.step} /> : null}
 *   <button onClick={() => void job.cancel()}>取消</button>
 *   {job.error ? <div className="banner banner-error">{job.error}</div> : null}
 *   {job.result ? <ResultView result={job.result} /> : null}
 *
 * - `start(jobId, initial?)` forgets the previous job, shows `initial` at once (status 'running'), then polls
 *   `jobs.get` every 300 ms until the status is no longer 'running'. Polling stops on unmount.
 * - `job` is the latest progress (null before start); `running` is `job?.status === 'running'`.
 * - 'done': `result` is set, then `onDone(result, job)` runs. Any end (done, failed, cancelled): `onEnd(job)`.
 * - 'failed': `error` is the job's message (or `failMessage`). A failed poll or cancel request goes to
 *   `onError(message)` if given, else to `error`; a failed poll also drops `job`, so the UI is not stuck "running".
 * - `cancel()` asks the core to stop the running job; polling goes on until the job reports its end.
 * - `reset()` stops polling and clears job, result and error; `setError` lets the screen show its own
 *   errors (e.g. the call that starts the job failed) in the same place.
 * Callbacks may change between renders; the latest ones are used.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobMethodName, JobResult } from '../../shared/api/contract';
import type { JobId } from '../../shared/api/define';
import type { Job } from '../../shared/api/namespaces/jobs';
import { errorMessage, getApi } from '../api';

const POLL_MS = 300;

export interface UseJobOptions<T> {
  onDone?(result: T, job: Job<T>): void;
  onEnd?(job: Job<T>): void;
  onError?(message: string): void;
  /** Shown when a failed job carries no message. */
  failMessage?: string;
}

export interface JobTracker<T> {
  job: Job<T> | null;
  result: T | null;
  error: string | null;
  running: boolean;
  start(jobId: JobId<T>, initial?: Partial<Job<T>>): void;
  cancel(): Promise<void>;
  reset(): void;
  setError(message: string | null): void;
}

/** M names the job method whose jobs this follows; its result schema types `result`. */
export function useJob<M extends JobMethodName, T = JobResult<M>>(opts: UseJobOptions<T> = {}): JobTracker<T> {
  const [job, setJob] = useState<Job<T> | null>(null);
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The job being followed: a late answer about an older job (or after unmount) is ignored.
  const current = useRef<string | null>(null);
  const jobRef = useRef<Job<T> | null>(null);
  jobRef.current = job;

  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    current.current = null;
  }, []);

  useEffect(() => stop, [stop]);

  const report = useCallback((message: string) => {
    if (optsRef.current.onError) optsRef.current.onError(message);
    else setError(message);
  }, []);

  const poll = useCallback(
    (id: JobId<T>) => {
      timer.current = setTimeout(async () => {
        try {
          const j = await getApi().jobs.get({ id });
          if (current.current !== id) return;
          setJob(j);
          if (j.status === 'running') return poll(id);
          current.current = null;
          const o = optsRef.current;
          if (j.status === 'done') {
            // Present once done: the main side checked it against the method's result schema.
            setResult(j.result!);
            o.onDone?.(j.result!, j);
          } else if (j.status === 'failed') setError(j.error?.message ?? o.failMessage ?? '任务失败');
          o.onEnd?.(j);
        } catch (err) {
          if (current.current !== id) return;
          current.current = null;
          setJob(null);
          report(errorMessage(err));
        }
      }, POLL_MS);
    },
    [report],
  );

  const start = useCallback(
    (jobId: JobId<T>, initial?: Partial<Job<T>>) => {
      stop();
      current.current = jobId;
      setError(null);
      setResult(null);
      setJob({ kind: '', label: '', done: 0, total: 0, step: '', startedAt: '', finishedAt: null, error: null, ...initial, id: jobId, status: 'running' });
      poll(jobId);
    },
    [poll, stop],
  );

  const cancel = useCallback(async () => {
    const j = jobRef.current;
    if (!j || j.status !== 'running') return;
    try {
      const after = await getApi().jobs.cancel({ id: j.id as JobId<T> });
      // Polling goes on and reports the end; a job that already ended keeps its final state.
      if (current.current === j.id) setJob(after);
    } catch (err) {
      report(errorMessage(err));
    }
  }, [report]);

  const reset = useCallback(() => {
    stop();
    setJob(null);
    setResult(null);
    setError(null);
  }, [stop]);

  return { job, result, error, running: job?.status === 'running', start, cancel, reset, setError };
}
