/**
 * checks.run / checks.list: the rule engine over stored dossiers. The engine runs outside the
 * transaction (pure computation); the findings are written in one IMMEDIATE transaction that
 * replaces the earlier *proposed* auto findings of the checked dossiers, never touches confirmed or
 * dismissed ones, and does not re-propose a rule + item a reviewer already decided.
 */
import type { WritableDB } from '../../../db/handles';
import { campaignReads } from '../../../db/repositories/campaigns';
import type { StoredDossierRow } from '../../../db/repositories/dossiers';
import { findingRepository, type FindingCounts, type FindingFilter } from '../../../db/repositories/findings';
import { newId, nowIso } from '../../../db/util';
import type { CheckFinding, CheckRunResult, CheckSummary, StoredFinding } from '../../../shared/api/namespaces/checks';
import {
  createBenchmarkLookup,
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
import { checkDossier, dossierReader } from '../facts';
import { dossierSettingsResolver } from '../settings/service';

export interface RunChecksInput {
  campaignId: string;
  dossierId?: string;
  caseNo?: string;
}

type Row = StoredDossierRow;

const mustBeCampaign = (db: WritableDB, campaignId: string) => campaignReads(db).mustExist(campaignId);

/** Which dossiers a run covers. */
export function selectDossiers(db: WritableDB, input: RunChecksInput): { scope: CheckRunResult['scope']; rows: Row[] } {
  mustBeCampaign(db, input.campaignId);
  const findings = findingRepository(db);
  if (input.dossierId !== undefined || input.caseNo !== undefined) {
    const row =
      input.dossierId !== undefined ? findings.dossierById(input.campaignId, input.dossierId) : findings.dossierByCaseNo(input.campaignId, input.caseNo!);
    if (!row) throw notFound('案卷', input.dossierId ?? input.caseNo ?? '');
    if (input.dossierId !== undefined && input.caseNo !== undefined && row.case_no !== input.caseNo) {
      throw new AppError('invalid_argument', `案卷 ID 与案卷编号“${input.caseNo}”不是同一件案卷。`);
    }
    return { scope: 'dossier', rows: [row] };
  }
  const draw = findings.currentDraw(input.campaignId);
  if (draw !== undefined) return { scope: 'sample', rows: findings.sampledDossiers(draw) };
  return { scope: 'campaign', rows: findings.campaignDossiers(input.campaignId) };
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
export function loadBenchmarks(db: WritableDB): BenchmarkLookup | null {
  const rows = findingRepository(db).benchmarkTiers();
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
  const findings = findingRepository(db);
  const { scope, rows } = selectDossiers(db, input);
  const calendar = loadWorkCalendar(db);
  const benchmarks = loadBenchmarks(db);
  const readDossier = dossierReader(db);
  // The campaign's 评查规则参数, per 执法领域 of the dossier; findings name the values and their origin.
  const settingsFor = dossierSettingsResolver(db, input.campaignId);

  const byRule = new Map<string, CheckRunResult['byRule'][number]>(
    RULES.map((r) => [r.id, { ruleId: r.id, label: r.label, pass: 0, fail: 0, notApplicable: 0, cannotCheck: 0, findings: 0 }]),
  );
  const byUnit = new Map<string, CheckRunResult['byUnit'][number]>();
  const perDossier: { row: Row; findings: Finding[] }[] = [];
  const out: CheckFinding[] = [];

  const evaluate = (row: Row) => {
    const resolved = settingsFor(row.field);
    // The facts read from the dossier's own documents join the register's (issue #14).
    const { result } = checkDossier(row, readDossier(row.id), { calendar, benchmarks, settings: resolved.settings, settingOrigins: resolved.origins });
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
      const now = nowIso();
      for (const { row, findings: found } of perDossier) {
        replaced += findings.deleteProposed(row.id);
        const done = new Set(findings.decided(row.id).map((d) => decidedKey(d.rule_id, d.item_code)));
        for (const f of found) {
          if (done.has(decidedKey(f.ruleId, f.itemCode))) {
            alreadyDecided++;
            continue;
          }
          findings.insertProposed({
            id: newId(),
            dossierId: row.id,
            ruleId: f.ruleId,
            law: f.law,
            article: f.article,
            severity: f.severity,
            itemCode: f.itemCode,
            message: f.message,
            computation: f.computation,
            kind: f.kind,
            createdAt: now,
          });
          proposed++;
        }
      }
      findings.recordRun({
        campaignId: input.campaignId,
        scope,
        dossierId: input.dossierId ?? null,
        caseNo: input.caseNo ?? null,
        dossiers: rows.length,
        proposed,
        replaced,
        alreadyDecided,
        actor,
        at: now,
      });
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

export type ListFindingsInput = FindingFilter;

export function listFindings(db: WritableDB, input: ListFindingsInput): StoredFinding[] {
  mustBeCampaign(db, input.campaignId);
  const rows = findingRepository(db).list(input);
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  return rows.sort(
    (a, b) =>
      a.dossierNo.localeCompare(b.dossierNo) ||
      (order.get(a.ruleId ?? '') ?? 999) - (order.get(b.ruleId ?? '') ?? 999),
  );
}

/** Stored findings of a campaign counted by rule and by unit (SQL aggregates: fast over 50,000 dossiers). */
export function summariseFindings(db: WritableDB, campaignId: string): CheckSummary {
  mustBeCampaign(db, campaignId);
  const findings = findingRepository(db);
  const zero = (c: FindingCounts | null): FindingCounts => ({
    proposed: c?.proposed ?? 0,
    confirmed: c?.confirmed ?? 0,
    dismissed: c?.dismissed ?? 0,
    cannotCheck: c?.cannotCheck ?? 0,
    dossiers: c?.dossiers ?? 0,
  });
  const rules = new Map(RULES.map((r, i) => [r.id, { r, i }]));
  const byRule = findings
    .countsByRule(campaignId)
    .map((c) => {
      const known = rules.get(c.ruleId ?? '');
      return { ...zero(c), ruleId: c.ruleId ?? '（人工）', label: known?.r.label ?? '人工记录的问题', law: known?.r.law ?? c.law, article: known?.r.article ?? c.article };
    })
    .sort((a, b) => (rules.get(a.ruleId)?.i ?? 999) - (rules.get(b.ruleId)?.i ?? 999));
  const byUnit = findings
    .countsByUnit(campaignId)
    .map((c) => ({ ...zero(c), unitId: c.unitId, unitName: c.unitName }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { lastRun: findings.lastRun(campaignId), totals: zero(findings.totals(campaignId)), byRule, byUnit };
}
