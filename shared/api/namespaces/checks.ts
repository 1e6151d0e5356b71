import { z } from 'zod';
import { ChosenPath } from './chosen-file';
import { job, mutation, query } from '../define';
import { Id } from './common';
import { ScoreSchema } from './reviews';

/**
 * Automatic checks (自动检查): the rule engine over stored dossiers, its findings kept in `findings`
 * (origin auto), and the working-day calendar the deadline rules count with.
 */

export const Severity = z.enum(['veto', 'deduction', 'advisory']);
export type Severity = z.infer<typeof Severity>;
export const FindingStatus = z.enum(['proposed', 'confirmed', 'dismissed']);
export type FindingStatus = z.infer<typeof FindingStatus>;
const FindingKind = z.enum(['violation', 'cannot_check']);

/** One finding of a run, as the CLI prints it (kind added for the UI). */
export const CheckFinding = z.object({
  dossierNo: z.string(),
  ruleId: z.string(),
  law: z.string().nullable(),
  article: z.number().int().nullable(),
  severity: Severity,
  item: z.string().nullable(),
  message: z.string(),
  computation: z.string(),
  kind: FindingKind,
});
export type CheckFinding = z.infer<typeof CheckFinding>;

export const CheckRunInput = z.object({
  campaignId: Id,
  /** One dossier, by id… */
  dossierId: Id.optional(),
  /** …or by 案卷编号 within the campaign. */
  caseNo: z.string().trim().min(1, '案卷编号不能为空').optional(),
});

export const CheckRunResult = z.object({
  /** Dossiers checked: the current draw's samples, else every dossier of the campaign, else the one asked for. */
  scope: z.enum(['sample', 'campaign', 'dossier']),
  dossiers: z.number().int(),
  /** Every finding the rules produced in this run (proposed or not). */
  findings: z.array(CheckFinding),
  /** Findings stored as proposed by this run. */
  proposed: z.number().int(),
  /** Findings not re-proposed because a reviewer already confirmed or dismissed the same rule + item. */
  alreadyDecided: z.number().int(),
  /** Earlier proposed auto findings this run replaced. */
  replaced: z.number().int(),
  byRule: z.array(
    z.object({
      ruleId: z.string(),
      label: z.string(),
      pass: z.number().int(),
      fail: z.number().int(),
      notApplicable: z.number().int(),
      cannotCheck: z.number().int(),
      findings: z.number().int(),
    }),
  ),
  byUnit: z.array(
    z.object({
      unitId: z.string(),
      unitName: z.string(),
      dossiers: z.number().int(),
      violations: z.number().int(),
      cannotCheck: z.number().int(),
    }),
  ),
});
export type CheckRunResult = z.infer<typeof CheckRunResult>;

/** A checks job's result: the run without its findings (they are stored; the UI lists them), and their count. */
export const CheckJobResult = CheckRunResult.omit({ findings: true }).extend({ findingCount: z.number().int() });
export type CheckJobResult = z.infer<typeof CheckJobResult>;

export const StoredFinding = z.object({
  id: z.string(),
  dossierId: z.string(),
  dossierNo: z.string(),
  unitName: z.string(),
  origin: z.enum(['auto', 'manual']),
  ruleId: z.string().nullable(),
  law: z.string().nullable(),
  article: z.number().int().nullable(),
  severity: Severity,
  item: z.string().nullable(),
  message: z.string(),
  computation: z.string(),
  kind: FindingKind,
  status: FindingStatus,
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  /** The review a confirmation was written to. */
  reviewId: z.string().nullable(),
  createdAt: z.string(),
});
export type StoredFinding = z.infer<typeof StoredFinding>;

const Scope = z.enum(['PG', 'PS', 'LI', 'CE-M', 'CE-E', 'IN']);

export const RuleInfo = z.object({
  id: z.string(),
  label: z.string(),
  law: z.string().nullable(),
  article: z.number().int().nullable(),
  cites: z.string().optional(),
  appliesTo: z.array(Scope),
  itemCodes: z.record(z.string(), z.string()),
  severity: Severity,
  kind: z.enum(['period', 'check', 'documents', 'discretion']),
  computation: z.string(),
  configurable: z.array(z.string()),
  verify: z.string().optional(),
});
export type RuleInfo = z.infer<typeof RuleInfo>;

export const CalendarYear = z.object({
  year: z.number().int(),
  source: z.string(),
  loadedAt: z.string(),
  holidays: z.number().int(),
  workdays: z.number().int(),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

export const ConfirmResult = z.object({ finding: StoredFinding, revision: z.number().int(), score: ScoreSchema });
export type ConfirmResult = z.infer<typeof ConfirmResult>;

export const RevertResult = z.object({
  finding: StoredFinding,
  /** Status before the revert. */
  previous: FindingStatus,
  /** True when the finding had been confirmed: its answer on the review stays as the reviewer left it. */
  answerKept: z.boolean(),
  /** What happened, in Chinese, for the UI. */
  message: z.string(),
});
export type RevertResult = z.infer<typeof RevertResult>;

const StatusCounts = {
  /** Violations by decision status; cannot-check advisories counted apart. */
  proposed: z.number().int(),
  confirmed: z.number().int(),
  dismissed: z.number().int(),
  cannotCheck: z.number().int(),
  /** Dossiers with at least one violation finding. */
  dossiers: z.number().int(),
};

export const CheckSummary = z.object({
  lastRun: z.object({ at: z.string(), actor: z.string(), dossiers: z.number().int(), scope: z.string() }).nullable(),
  totals: z.object(StatusCounts),
  byRule: z.array(z.object({ ruleId: z.string(), label: z.string(), law: z.string().nullable(), article: z.number().int().nullable(), ...StatusCounts })),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), ...StatusCounts })),
});
export type CheckSummary = z.infer<typeof CheckSummary>;

export const checks = {
  run: mutation('运行自动检查：抽中案卷（无抽样时为全部案卷，或指定一件），保存为待确认发现', CheckRunInput, CheckRunResult),
  /** The same as run, as a job (progress via jobs.get; the job's result is a CheckRunResult without the findings list). */
  start: job('以后台任务运行自动检查（显示进度，可取消）', CheckRunInput, CheckJobResult),
  list: query(
    '已保存的检查发现及其状态（可按案卷、规则、单位筛选）',
    z.object({
      campaignId: Id,
      dossierId: Id.optional(),
      ruleId: z.string().optional(),
      unitId: Id.optional(),
      kind: FindingKind.optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
    }),
    z.array(StoredFinding),
  ),
  summary: query('已保存的检查发现按规则、按单位汇总', z.object({ campaignId: Id }), CheckSummary),
  rules: query('自动检查规则一览', z.object({}), z.array(RuleInfo)),
  importCalendar: mutation(
    '导入节假日安排文件（按年整体替换）',
    // The text (browser), or the chosen file's path (app, CLI; refused over HTTP).
    z.union([z.object({ text: z.string().min(1, '节假日文件为空').max(1_000_000, '节假日文件过大') }), ChosenPath]),
    z.object({ years: z.array(CalendarYear) }),
  ),
  calendarYears: query('已载入的节假日安排年份及来源', z.object({}), z.array(CalendarYear)),
  confirm: mutation(
    '评查人员确认一条检查发现：按评查项规则扣分（或否决），计算过程写入说明',
    z.object({ findingId: Id, reviewId: Id }),
    ConfirmResult,
  ),
  dismiss: mutation(
    '驳回一条检查发现（须填写理由）',
    z.object({ findingId: Id, reason: z.string().trim().min(1, '请填写驳回理由').max(2000, '理由不能超过 2000 个字') }),
    z.object({ finding: StoredFinding }),
  ),
  revert: mutation(
    '撤销对检查发现的确认或驳回，恢复为待确认（已写入的评查结论不自动撤回）',
    z.object({ findingId: Id }),
    RevertResult,
  ),
};
