/**
 * checks.run / checks.list: the rule engine over stored dossiers. The engine runs outside the
 * transaction (pure computation); the findings are written in one IMMEDIATE transaction that
 * replaces the earlier *proposed* auto findings of the checked dossiers, never touches confirmed or
 * dismissed ones, and does not re-propose a rule + item a reviewer already decided.
 */
import type Database from 'better-sqlite3';
import type { StoredDossierRow } from '../../../db/repositories/dossiers';
import { newId, nowIso } from '../../../db/util';
import type { CheckFinding, CheckRunResult, StoredFinding } from '../../../shared/api/namespaces/checks';
import {
  createBenchmarkLookup,
  runRules,
  RULES,
  type BenchmarkLookup,
  type Circumstance,
  type DiscretionBenchmark,
  type Finding,
} from '../../../shared/domain/rules';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
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

/** Discretion benchmarks from the benchmark tables (yuan ranges only); null when none are loaded. */
export function loadBenchmarks(db: Database.Database): BenchmarkLookup | null {
  const rows = db
    .prepare(
      `SELECT i.id AS itemId, i.code, i.violation_name AS name, d.issuer, d.doc_no AS docNo, d.title,
              d.effective_from AS effectiveFrom, d.effective_to AS effectiveTo,
              t.circumstance, t.fine_min AS fineMin, t.fine_max AS fineMax, t.tier
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
    b.tiers.push({ circumstance: r.circumstance as Circumstance, fineMinYuan: r.fineMin, fineMaxYuan: r.fineMax, label: r.tier });
  }
  return items.size ? createBenchmarkLookup([...items.values()]) : null;
}

const decidedKey = (ruleId: string | null, item: string | null) => `${ruleId ?? ''}\u0000${item ?? ''}`;

export function runChecks(ctx: CoreContext, input: RunChecksInput, actor: string): CheckRunResult {
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

  for (const row of rows) {
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
  }

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
}

export function listFindings(db: Database.Database, input: { campaignId: string; dossierId?: string }): StoredFinding[] {
  if (!db.prepare('SELECT 1 FROM campaigns WHERE id = ?').pluck().get(input.campaignId)) throw notFound('评查活动', input.campaignId);
  const params: unknown[] = [input.campaignId];
  let where = 'd.campaign_id = ?';
  if (input.dossierId !== undefined) {
    where += ' AND d.id = ?';
    params.push(input.dossierId);
  }
  const rows = db
    .prepare(
      `SELECT f.id, f.dossier_id AS dossierId, d.case_no AS dossierNo, u.name AS unitName, f.origin, f.rule_id AS ruleId, f.law,
              f.article, f.severity, f.item_code AS item, f.message, f.computation, f.kind, f.status,
              f.decision_reason AS decisionReason, f.decided_at AS decidedAt, f.decided_by AS decidedBy, f.created_at AS createdAt
         FROM findings f JOIN dossiers d ON d.id = f.dossier_id JOIN units u ON u.id = d.unit_id
        WHERE ${where}
        ORDER BY d.case_no, f.created_at, f.rowid`,
    )
    .all(...params) as StoredFinding[];
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  return rows.sort(
    (a, b) =>
      a.dossierNo.localeCompare(b.dossierNo) ||
      (order.get(a.ruleId ?? '') ?? 999) - (order.get(b.ruleId ?? '') ?? 999),
  );
}

