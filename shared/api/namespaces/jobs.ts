import { z } from 'zod';
import { mutation, query, reportsJob } from '../define';

/**
 * Long operations (a 50,000-row import, a bulletin over thousands of dossiers, OCR) run as jobs:
 * the starting call (defined with job() in ../define.ts) returns a job id at once, and the UI polls
 * jobs.get for progress. Polling works the same over IPC and HTTP, so neither transport needs a push
 * channel. The starting method declares its result's schema; the id it returns carries that type,
 * so `api.jobs.get({ id })` is typed by it.
 */
export const JobStatus = z.enum(['running', 'done', 'failed', 'cancelled']);

export const Job = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  status: JobStatus,
  /** Work units done and total (rows, pages, dossiers); total 0 while unknown. */
  done: z.number(),
  total: z.number(),
  /** What is happening now, in Chinese: "解析 登记表.xlsx", "写入数据库"… */
  step: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Once done: what the starting method's result schema describes (checked before it is reported). */
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
});
/** A job whose finished `result` is R (unknown when the starting method is not known). */
export type Job<R = unknown> = Omit<z.infer<typeof Job>, 'result'> & { result?: R };

export const jobs = {
  get: reportsJob(query('任务进度', z.object({ id: z.string() }), Job)),
  list: query('最近的任务', z.object({}), z.array(Job)),
  cancel: reportsJob(mutation('取消任务', z.object({ id: z.string() }), Job)),
};
