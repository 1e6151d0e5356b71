/**
 * checks.run / checks.list: the rule engine over stored dossiers. The engine runs outside the
 * transaction (pure computation); the findings are written in one IMMEDIATE transaction that
 * replaces the earlier *proposed* auto findings of the checked dossiers, never touches confirmed or
 * dismissed ones, and does not re-propose a rule + item a reviewer already decided.
 */
import type Database from 'better-sqlite3';
import type { StoredDossierRow } from '../../../db/repositories/dossiers';
import { newId, nowIso } from '../../../db/util';
import type { CheckFinding, CheckRunResult, CheckSummary, StoredFinding } from '../../../shared/api/namespaces/checks';
import {
  createBenchmarkLookup,
  runRules,
  RULES,
  type BenchmarkLookup,
  type Circumstance,
  type DiscretionBenchmark,
  type Finding,
} from '../../../shared/domain/rules';
import { TIER_LABELS, type BenchmarkTierCode } from '../../../shared/domain/benchmarks';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import type { JobControl } from '../jobs';
import { loadWorkCalendar } from './calendar';
import { documentLoader, dossierFacts } from './facts';

export interface RunChecksInput {
  campaignId: string;
  dossierId?: string;
  caseNo?: string;
}

type Row = StoredDossierRow;

const SELECT_DOSSIER = 'SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id';

/** Which dossiers a run covers. */
export function selectDossiers(db: Database.Database, input: RunChecksInput): { scope: CheckRunResult['scope']; rows: Row[] } {
  if (!db.prepare('SELECT 1 FROM campaigns WHERE id = ?').pluck().get(input.campaignId)) throw notFound('评查活动', input.campaignId);
  if (input.dossierId !== undefined || input.caseNo !== undefined) {
    const row = (
      input.dossierId !== undefined
        ? db.prepare(`${SELECT_DOSSIER} WHERE d.id = ? AND d.campaign_id = ?`).get(input.dossierId, input.campaignId)
        : db.prepare(`${SELECT_DOSSIER} WHERE d.case_no = ? AND d.campaign_id = ?`).get(input.caseNo, input.campaignId)
    ) as Row | undefined;
    if (!row) throw notFound('案卷', input.dossierId ?? input.caseNo ?? '');
    if (input.dossierId !== undefined && input.caseNo !== undefined && row.case_no !== input.caseNo) {
      throw new AppError('invalid_argument', `案卷 ID 与案卷编号“${input.caseNo}”不是同一件案卷。`);
    }
    return { scope: 'dossier', rows: [row] };
  }
  const draw = db.prepare('SELECT id FROM sample_draws WHERE campaign_id = ? AND is_current = 1').pluck().get(input.campaignId) as
    | string
    | undefined;
  if (draw !== undefined) {
    const rows = db
      .prepare(`${SELECT_DOSSIER} JOIN samples s ON s.dossier_id = d.id WHERE s.draw_id = ? AND s.withdrawn = 0 ORDER BY d.case_no`)
      .all(draw) as Row[];
    return { scope: 'sample', rows };
  }
  return { scope: 'campaign', rows: db.prepare(`${SELECT_DOSSIER} WHERE d.campaign_id = ? ORDER BY d.case_no`).all(input.campaignId) as Row[] };
}

const CIRCUMSTANCES = new Set<string>(['轻微', '一般', '较重', '严重']);

function parseKinds(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Discretion benchmarks from the benchmark tables (yuan ranges only); null when none are loaded. */
export function loadBenchmarks(db: Database.Database): BenchmarkLookup | null {
  const rows = db
    .prepare(
      `SELECT i.id AS itemId, i.code, i.violation_name AS name, d.issuer, d.doc_no AS docNo, d.title,
              d.effective_from AS effectiveFrom, d.effective_to AS effectiveTo,
              t.circumstance, t.fine_min AS fineMin, t.fine_max AS fineMax, t.tier, t.penalty_types AS penaltyTypes
         FROM benchmark_items i JOIN benchmark_docs d ON d.id = i.doc_id JOIN benchmark_tiers t ON t.item_id = i.id
        WHERE i.range_unit = 'yuan' AND t.circumstance IS NOT NULL
        ORDER BY d.effective_from DESC, i.id`,
    )
    .all() as {
    itemId: string;
    code: string;
    name: string;
    issuer: string;
    docNo: string | null;
    title: string;
    effectiveFrom: string | null;
    effectiveTo: string | null;
    circumstance: string;
    fineMin: number | null;
    fineMax: number | null;
    tier: string;
    penaltyTypes: string;
  }[];
  if (rows.length === 0) return null;
  const items = new Map<string, DiscretionBenchmark>();
  for (const r of rows) {
    if (!CIRCUMSTANCES.has(r.circumstance)) continue;
    let b = items.get(r.itemId);
    if (!b) {
      b = {
        violationCode: r.code,
        violationName: r.name,
        source: [r.issuer, r.docNo, r.title].filter(Boolean).join(' '),
        effectiveFrom: r.effectiveFrom,
        effectiveTo: r.effectiveTo,
        tiers: [],
      };
      items.set(r.itemId, b);
    }
    b.tiers.push({
      circumstance: r.circumstance as Circumstance,
      fineMinYuan: r.fineMin,
      fineMaxYuan: r.fineMax,
      label: TIER_LABELS[r.tier as BenchmarkTierCode] ?? r.tier,
      penaltyKinds: parseKinds(r.penaltyTypes),
    });
  }
  return items.size ? createBenchmarkLookup([...items.values()]) : null;
}

const decidedKey = (ruleId: string | null, item: string | null) => `${ruleId ?? ''}\u0000${item ?? ''}`;

/** One run: selection, engine inputs and tallies; evaluate() per dossier, then store() once. */
function checkSession(ctx: CoreContext, input: RunChecksInput, actor: string) {
  const db = ctx.db;
  const { scope, rows } = selectDossiers(db, input);
  const calendar = loadWorkCalendar(db);
  const benchmarks = loadBenchmarks(db);
  const documentsOf = documentLoader(db);

  const byRule = new Map<string, CheckRunResult['byRule'][number]>(
    RULES.map((r) => [r.id, { ruleId: r.id, label: r.label, pass: 0, fail: 0, notApplicable: 0, cannotCheck: 0, findings: 0 }]),
  );
  const byUnit = new Map<string, CheckRunResult['byUnit'][number]>();
  const perDossier: { row: Row; findings: Finding[] }[] = [];
  const out: CheckFinding[] = [];

  const evaluate = (row: Row) => {
    const result = runRules(dossierFacts(row), { calendar, documents: documentsOf(row.id), benchmarks });
    for (const e of result.evaluations) {
      const c = byRule.get(e.ruleId) ?? { ruleId: e.ruleId, label: e.label, pass: 0, fail: 0, notApplicable: 0, cannotCheck: 0, findings: 0 };
      byRule.set(e.ruleId, c);
      if (e.status === 'pass') c.pass++;
      else if (e.status === 'fail') c.fail++;
      else if (e.status === 'not_applicable') c.notApplicable++;
      else c.cannotCheck++;
      c.findings += e.findings.length;
    }
    const u = byUnit.get(row.unit_id) ?? { unitId: row.unit_id, unitName: row.unit_name, dossiers: 0, violations: 0, cannotCheck: 0 };
    byUnit.set(row.unit_id, u);
    u.dossiers++;
    for (const f of result.findings) {
      if (f.kind === 'violation') u.violations++;
      else u.cannotCheck++;
      out.push({
        dossierNo: row.case_no,
        ruleId: f.ruleId,
        law: f.law,
        article: f.article,
        severity: f.severity,
        item: f.itemCode,
        message: f.message,
        computation: f.computation,
        kind: f.kind,
      });
    }
    perDossier.push({ row, findings: result.findings });
  };

  const store = (): CheckRunResult => {
    let proposed = 0;
    let alreadyDecided = 0;
    let replaced = 0;
    ctx.tx(() => {
      const del = db.prepare(`DELETE FROM findings WHERE dossier_id = ? AND origin = 'auto' AND status = 'proposed'`);
      const decided = db.prepare(
        `SELECT rule_id, item_code FROM findings WHERE dossier_id = ? AND origin = 'auto' AND status IN ('confirmed','dismissed')`,
      );
      const ins = db.prepare(
        `INSERT INTO findings (id, dossier_id, origin, rule_id, law, article, severity, item_code, message, computation, status, kind, created_at)
         VALUES (?, ?, 'auto', ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?)`,
      );
      const now = nowIso();
      for (const { row, findings } of perDossier) {
        replaced += del.run(row.id).changes;
        const done = new Set((decided.all(row.id) as { rule_id: string | null; item_code: string | null }[]).map((d) => decidedKey(d.rule_id, d.item_code)));
        for (const f of findings) {
          if (done.has(decidedKey(f.ruleId, f.itemCode))) {
            alreadyDecided++;
            continue;
          }
          ins.run(newId(), row.id, f.ruleId, f.law, f.article, f.severity, f.itemCode, f.message, f.computation, f.kind, now);
          proposed++;
        }
      }
      ctx.audit({
        actor,
        action: 'run_checks',
        entity: 'campaign',
        entityId: input.campaignId,
        after: { scope, dossierId: input.dossierId ?? null, caseNo: input.caseNo ?? null, dossiers: rows.length, proposed, replaced, alreadyDecided },
      });
    });
    return {
      scope,
      dossiers: rows.length,
      findings: out,
      proposed,
      alreadyDecided,
      replaced,
      byRule: [...byRule.values()],
      byUnit: [...byUnit.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    };
  };

  return { rows, evaluate, store };
}

export function runChecks(ctx: CoreContext, input: RunChecksInput, actor: string): CheckRunResult {
  const session = checkSession(ctx, input, actor);
  for (const row of session.rows) session.evaluate(row);
  return session.store();
}

const CHUNK = 250;

/**
 * checks.run as a job: the engine in chunks with progress and cancellation between them (nothing is
 * stored until every dossier is evaluated, so a cancelled run leaves the earlier findings intact).
 */
export async function runChecksJob(ctx: CoreContext, input: RunChecksInput, actor: string, control: JobControl): Promise<CheckRunResult> {
  const session = checkSession(ctx, input, actor);
  const total = session.rows.length;
  control.progress(0, total, '检查案卷');
  for (let i = 0; i < total; i++) {
    session.evaluate(session.rows[i]);
    if ((i + 1) % CHUNK === 0) {
      control.progress(i + 1, total, '检查案卷');
      await control.yieldToLoop();
    }
  }
  control.progress(total, total, '保存检查发现');
  await control.yieldToLoop();
  return session.store();
}

export interface ListFindingsInput {
  campaignId: string;
  dossierId?: string;
  findingId?: string;
  ruleId?: string;
  unitId?: string;
  kind?: 'violation' | 'cannot_check';
  limit?: number;
}

export function listFindings(db: Database.Database, input: ListFindingsInput): StoredFinding[] {
  if (!db.prepare('SELECT 1 FROM campaigns WHERE id = ?').pluck().get(input.campaignId)) throw notFound('评查活动', input.campaignId);
  const params: unknown[] = [input.campaignId];
  let where = 'd.campaign_id = ?';
  if (input.dossierId !== undefined) {
    where += ' AND d.id = ?';
    params.push(input.dossierId);
  }
  if (input.findingId !== undefined) {
    where += ' AND f.id = ?';
    params.push(input.findingId);
  }
  if (input.ruleId !== undefined) {
    where += ' AND f.rule_id = ?';
    params.push(input.ruleId);
  }
  if (input.unitId !== undefined) {
    where += ' AND d.unit_id = ?';
    params.push(input.unitId);
  }
  if (input.kind !== undefined) {
    where += ' AND f.kind = ?';
    params.push(input.kind);
  }
  const rows = db
    .prepare(
      `SELECT f.id, f.dossier_id AS dossierId, d.case_no AS dossierNo, u.name AS unitName, f.origin, f.rule_id AS ruleId, f.law,
              f.article, f.severity, f.item_code AS item, f.message, f.computation, f.kind, f.status,
              f.decision_reason AS decisionReason, f.decided_at AS decidedAt, f.decided_by AS decidedBy, f.review_id AS reviewId, f.created_at AS createdAt
         FROM findings f JOIN dossiers d ON d.id = f.dossier_id JOIN units u ON u.id = d.unit_id
        WHERE ${where}
        ORDER BY d.case_no, f.created_at, f.rowid${input.limit !== undefined ? ' LIMIT ?' : ''}`,
    )
    .all(...params, ...(input.limit !== undefined ? [input.limit] : [])) as StoredFinding[];
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  return rows.sort(
    (a, b) =>
      a.dossierNo.localeCompare(b.dossierNo) ||
      (order.get(a.ruleId ?? '') ?? 999) - (order.get(b.ruleId ?? '') ?? 999),
  );
}


type Counts = { proposed: number; confirmed: number; dismissed: number; cannotCheck: number; dossiers: number };

/** Stored findings of a campaign counted by rule and by unit (SQL aggregates: fast over 50,000 dossiers). */
export function summariseFindings(db: Database.Database, campaignId: string): CheckSummary {
  if (!db.prepare('SELECT 1 FROM campaigns WHERE id = ?').pluck().get(campaignId)) throw notFound('评查活动', campaignId);
  const counts = `SUM(f.kind = 'violation' AND f.status = 'proposed') AS proposed,
         SUM(f.kind = 'violation' AND f.status = 'confirmed') AS confirmed,
         SUM(f.kind = 'violation' AND f.status = 'dismissed') AS dismissed,
         SUM(f.kind = 'cannot_check') AS cannotCheck,
         COUNT(DISTINCT CASE WHEN f.kind = 'violation' THEN f.dossier_id END) AS dossiers`;
  const from = `FROM findings f JOIN dossiers d ON d.id = f.dossier_id WHERE d.campaign_id = ?`;
  const totals = (db.prepare(`SELECT ${counts} ${from}`).get(campaignId) as Counts | undefined) ?? null;
  const zero = (c: Counts | null): Counts => ({
    proposed: c?.proposed ?? 0,
    confirmed: c?.confirmed ?? 0,
    dismissed: c?.dismissed ?? 0,
    cannotCheck: c?.cannotCheck ?? 0,
    dossiers: c?.dossiers ?? 0,
  });
  const rules = new Map(RULES.map((r, i) => [r.id, { r, i }]));
  const byRule = (db.prepare(`SELECT f.rule_id AS ruleId, MAX(f.law) AS law, MAX(f.article) AS article, ${counts} ${from} GROUP BY f.rule_id`).all(campaignId) as (Counts & {
    ruleId: string | null;
    law: string | null;
    article: number | null;
  })[])
    .map((c) => {
      const known = rules.get(c.ruleId ?? '');
      return { ...zero(c), ruleId: c.ruleId ?? '（人工）', label: known?.r.label ?? '人工记录的问题', law: known?.r.law ?? c.law, article: known?.r.article ?? c.article };
    })
    .sort((a, b) => (rules.get(a.ruleId)?.i ?? 999) - (rules.get(b.ruleId)?.i ?? 999));
  const byUnit = (db.prepare(`SELECT d.unit_id AS unitId, u.name AS unitName, ${counts} ${from.replace('WHERE', 'JOIN units u ON u.id = d.unit_id WHERE')} GROUP BY d.unit_id`).all(campaignId) as (Counts & {
    unitId: string;
    unitName: string;
  })[])
    .map((c) => ({ ...zero(c), unitId: c.unitId, unitName: c.unitName }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'));
  const last = db
    .prepare(`SELECT at, actor, after FROM audit_log WHERE action = 'run_checks' AND entity = 'campaign' AND entity_id = ? ORDER BY seq DESC LIMIT 1`)
    .get(campaignId) as { at: string; actor: string; after: string | null } | undefined;
  let lastRun: CheckSummary['lastRun'] = null;
  if (last) {
    const after = JSON.parse(last.after ?? '{}') as { dossiers?: number; scope?: string };
    lastRun = { at: last.at, actor: last.actor, dossiers: after.dossiers ?? 0, scope: after.scope ?? '' };
  }
  return { lastRun, totals: zero(totals), byRule, byUnit };
}
