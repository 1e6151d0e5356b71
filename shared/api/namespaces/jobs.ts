import { z } from 'zod';
import { mutation, query } from '../define';

/**
 * Long operations (a 50,000-row import, a bulletin over thousands of dossiers, OCR) run as jobs:
 * the starting call returns a job id at once, and the UI polls jobs.get for progress. Polling works
 * the same over IPC and HTTP, so neither transport needs a push channel.
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
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
});
export type Job = z.infer<typeof Job>;

export const JobRef = z.object({ jobId: z.string() });

export const jobs = {
  get: query('任务进度', z.object({ id: z.string() }), Job),
  list: query('最近的任务', z.object({}), z.array(Job)),
  cancel: mutation('取消任务', z.object({ id: z.string() }), Job),
};
