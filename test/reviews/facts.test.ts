/**
 * reviews.facts / reviews.correctFacts: corrections the automatic checks read, audited, bad values
 * refused by field name; the shared fact table covers every fact the rules read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredDossierRow } from '../../db/repositories/dossiers';
import { openCore } from '../../electron/core';
import { dossierFacts } from '../../electron/core/facts';
import { createApiClient } from '../../shared/api/contract';
import { FACT_GROUPS, FACT_SPECS, NOT_CORRECTABLE, type FactSpec } from '../../shared/domain/facts';
import { CIRCUMSTANCES } from '../../shared/domain/register/columns';
import { DATE_LABELS, FLAG_LABELS } from '../../shared/domain/rules';
import { AppError } from '../../shared/errors';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

describe('key facts of a dossier', () => {
  const tempDir = useTempDir();

  async function setup() {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '甲评查', transport: 'test' }));
    const campaign = await api.campaigns.create({ name: '事实更正', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 5, count: 40 })), 'utf-8');
    await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    const page = await api.dossiers.list({ campaignId: campaign.id, offset: 0, limit: 100 });
    const full = await Promise.all(page.items.map((d) => api.dossiers.get({ id: d.id })));
    const d = full.find((x) => x.caseType === '行政处罚' && x.dateDecision && x.dateDecisionServed)!;
    return { core, api, d };
  }

  it('shows register values, stores a correction with before/after in the audit log and resets it', async () => {
    const { core, api, d } = await setup();
    const view = await api.reviews.facts({ dossierId: d.id });
    const served = view.fields.find((f) => f.key === 'dateDecisionServed')!;
    expect(served).toMatchObject({ label: '决定送达日期', kind: 'date', registerValue: d.dateDecisionServed, value: d.dateDecisionServed, corrected: false });

    const tier = CIRCUMSTANCES.find((c) => c !== d.circumstance)!;
    const fine = d.fineFen === 123400 ? 123500 : 123400;
    const later = await api.reviews.correctFacts({ dossierId: d.id, changes: { dateDecisionServed: '2099-01-05', fineFen: fine, circumstance: tier } });
    expect(later.fields.find((f) => f.key === 'dateDecisionServed')).toMatchObject({ value: '2099-01-05', registerValue: d.dateDecisionServed, corrected: true });
    expect(later.fields.find((f) => f.key === 'fineFen')).toMatchObject({ value: fine, corrected: true });
    expect((await api.dossiers.get({ id: d.id })).factsOverride).toEqual({ dateDecisionServed: '2099-01-05', fineFen: fine, circumstance: tier });

    const [entry] = await api.audit.list({ entityId: d.id, limit: 5 });
    expect(entry).toMatchObject({ action: 'correct_facts', entity: 'dossier', actor: '甲评查' });
    expect(entry.before).toMatchObject({ dateDecisionServed: { register: d.dateDecisionServed } });
    expect(entry.after).toMatchObject({ dateDecisionServed: '2099-01-05', fineFen: fine, circumstance: tier });

    // Back to the register value: no override left.
    const reset = await api.reviews.correctFacts({ dossierId: d.id, changes: { fineFen: d.fineFen }, reset: ['dateDecisionServed', 'circumstance'] });
    expect(reset.fields.every((f) => !f.corrected)).toBe(true);
    expect((await api.dossiers.get({ id: d.id })).factsOverride).toEqual({});
    core.close();
  });

  it('rejects impossible dates naming the field and stores nothing', async () => {
    const { core, api, d } = await setup();
    const e1 = await api.reviews.correctFacts({ dossierId: d.id, changes: { dateDecisionServed: '2025-02-30', fineFen: 1 } }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(AppError);
    expect((e1 as AppError).message).toContain('决定送达日期');
    expect((e1 as AppError).message).toContain('2025-02-30');
    const e2 = await api.reviews.correctFacts({ dossierId: d.id, changes: { dateDecisionServed: '1999-01-01' } }).catch((e: unknown) => e);
    expect((e2 as AppError).message).toMatch(/决定送达日期.*早于决定日期/);
    expect((await api.dossiers.get({ id: d.id })).factsOverride).toEqual({});
    expect((await api.audit.list({ entityId: d.id, limit: 5 })).filter((a) => a.action === 'correct_facts')).toEqual([]);
    core.close();
  });

  it('the automatic checks use the corrected service date', async () => {
    const { core, api, d } = await setup();
    await api.reviews.correctFacts({ dossierId: d.id, changes: { dateDecisionServed: '2099-01-05' } });
    const run = await api.checks.run({ campaignId: d.campaignId, dossierId: d.id });
    const late = run.findings.filter((f) => f.kind === 'violation' && /送达/.test(f.message));
    expect(late.length).toBeGreaterThan(0);
    expect(late.map((f) => f.computation).join('\n')).toContain('2099-01-05');
    core.close();
  });

  const rowOf = (core: Awaited<ReturnType<typeof setup>>['core'], id: string) =>
    core.store.db.prepare('SELECT d.*, u.name AS unit_name FROM dossiers d JOIN units u ON u.id = d.unit_id WHERE d.id = ?').get(id) as StoredDossierRow;
  const engineValue = (facts: object, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], facts);

  /** A value of each kind that differs from what a generated register holds. */
  function sample(f: FactSpec): { value: unknown; engine: unknown } {
    switch (f.kind) {
      case 'date':
        return f.engine === 'dates.enforced' ? { value: '2024-06-03 09:30', engine: '2024-06-03 09:30' } : { value: '2024-06-03', engine: '2024-06-03' };
      case 'amount':
        return f.unit === 'fen' ? { value: 1234567, engine: 1234567 } : { value: 67.5, engine: 67.5 };
      case 'count':
        return { value: 3, engine: 3 };
      case 'flag':
        return { value: false, engine: false };
      case 'tier':
      case 'choice':
        return { value: f.options!.at(-1), engine: f.options!.at(-1) };
      case 'list':
        return { value: ['罚款', '警告'], engine: ['罚款', '警告'] };
      case 'officers':
        return { value: [{ name: '王五', certNo: 'ZF-9', certValid: false }], engine: [{ name: '王五', certNo: 'ZF-9', certValid: false }] };
      case 'text':
        return f.key === 'procedure' ? { value: '简易程序', engine: '简易程序' } : { value: `更正的${f.label}`, engine: `更正的${f.label}` };
    }
  }

  it('the fact table labels every fact the rules read, and every group is in the panel order', async () => {
    const engineKeys = new Set(FACT_SPECS.map((f) => f.engine));
    const covered = (k: string) => engineKeys.has(k) || Object.hasOwn(NOT_CORRECTABLE, k);
    // What the rule sources read: facts.x and facts.dates?.x.
    const rulesDir = join(__dirname, '../../shared/domain/rules');
    const read = new Set<string>();
    for (const file of readdirSync(rulesDir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(rulesDir, file), 'utf8');
      for (const m of src.matchAll(/\bfacts\??\.(dates\??\.)?([a-zA-Z]+)/g)) if (m[2] !== 'dates' || m[1]) read.add(m[1] ? `dates.${m[2]}` : m[2]);
    }
    expect(read.size).toBeGreaterThan(10);
    for (const f of Object.keys(DATE_LABELS)) read.add(`dates.${f}`);
    for (const f of Object.keys(FLAG_LABELS)) read.add(f);
    // What facts.ts hands the engine for a stored dossier.
    const { core, d } = await setup();
    const facts = dossierFacts(rowOf(core, d.id));
    for (const k of Object.keys(facts)) if (k !== 'dates') read.add(k);
    for (const k of Object.keys(facts.dates)) read.add(`dates.${k}`);
    core.close();
    expect([...read].filter((k) => !covered(k))).toEqual([]);

    for (const f of FACT_SPECS) {
      expect(f.label, f.key).toMatch(/[\u4e00-\u9fff]/);
      expect(FACT_GROUPS).toContain(f.group);
    }
    expect(new Set(FACT_SPECS.map((f) => f.label)).size).toBe(FACT_SPECS.length);
    expect(new Set(FACT_SPECS.map((f) => f.key)).size).toBe(FACT_SPECS.length);
    // Panel order follows the groups.
    const order = FACT_SPECS.map((f) => FACT_GROUPS.indexOf(f.group));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('a correction of every fact in the table reaches the rule engine', async () => {
    const { core, api, d } = await setup();
    const changes = Object.fromEntries(FACT_SPECS.map((f) => [f.key, sample(f).value])) as Record<string, never>;
    const view = await api.reviews.correctFacts({ dossierId: d.id, changes });
    expect(view.fields.map((f) => f.key)).toEqual(FACT_SPECS.map((f) => f.key));
    const facts = dossierFacts(rowOf(core, d.id));
    for (const f of FACT_SPECS) expect(engineValue(facts, f.engine), `${f.key} → ${f.engine}`).toEqual(sample(f).engine);
    // Rule-only dates are stored flat under the fact table's keys (migration 10 flattened the old `dates` object).
    const stored = (await api.dossiers.get({ id: d.id })).factsOverride;
    expect(stored).toMatchObject({ 'dates.lastEvidence': '2024-06-03', 'dates.frozen': '2024-06-03' });
    expect(Object.keys(stored)).not.toContain('dates');
    core.close();
  });

  it('stores and resets corrections of the new kinds: rule-only date, flag, yuan amount, count, reason, choice', async () => {
    const { core, api, d } = await setup();
    const view = await api.reviews.facts({ dossierId: d.id });
    const field = (v: typeof view, key: string) => v.fields.find((f) => f.key === key)!;
    expect(field(view, 'dates.lastEvidence')).toMatchObject({ label: '最晚取证日期', kind: 'date', group: '日期', registerValue: null, corrected: false, relevant: true });
    expect(field(view, 'onSpotGroundRecorded')).toMatchObject({ kind: 'flag', group: '程序标记', value: null });
    expect(field(view, 'circumstance')).toMatchObject({ kind: 'tier', group: '裁量', options: [...CIRCUMSTANCES] });
    expect(field(view, 'dates.renewalApplied').relevant).toBe(false); // a licensing date on a penalty dossier

    const later = await api.reviews.correctFacts({
      dossierId: d.id,
      changes: { 'dates.lastEvidence': '2024-04-01', onSpotGroundRecorded: true, surchargeYuan: 120.5, inspectionsThisYear: 2, discretionReason: '  拒不配合调查，依第二十条从重  ', partyType: '单位' },
    });
    expect(field(later, 'dates.lastEvidence')).toMatchObject({ value: '2024-04-01', registerValue: null, corrected: true });
    expect(field(later, 'onSpotGroundRecorded')).toMatchObject({ value: true, corrected: true });
    expect(field(later, 'surchargeYuan')).toMatchObject({ value: 120.5, unit: 'yuan' });
    expect(field(later, 'discretionReason').value).toBe('拒不配合调查，依第二十条从重');
    const facts = dossierFacts(rowOf(core, d.id));
    expect(facts).toMatchObject({ onSpotGroundRecorded: true, surchargeYuan: 120.5, inspectionsThisYear: 2, partyType: '单位', dates: { lastEvidence: '2024-04-01' } });
    const [entry] = await api.audit.list({ entityId: d.id, limit: 1 });
    expect(entry.after).toMatchObject({ 'dates.lastEvidence': '2024-04-01', surchargeYuan: 120.5 });
    expect(entry.before).toMatchObject({ 'dates.lastEvidence': { register: null } });

    // Back: the `dates` object goes when its last date is reset; a flag set to 未记录 is no correction.
    const back = await api.reviews.correctFacts({
      dossierId: d.id,
      changes: { onSpotGroundRecorded: null, surchargeYuan: null, inspectionsThisYear: null, discretionReason: '', partyType: d.partyType },
      reset: ['dates.lastEvidence'],
    });
    expect(back.fields.filter((f) => f.corrected)).toEqual([]);
    expect((await api.dossiers.get({ id: d.id })).factsOverride).toEqual({});
    core.close();
  });

  it('refuses bad values of each kind naming the field in Chinese, and stores nothing', async () => {
    const { core, api, d } = await setup();
    const refused = async (changes: Record<string, unknown>) => {
      const e = await api.reviews.correctFacts({ dossierId: d.id, changes: changes as Record<string, never> }).catch((x: unknown) => x);
      expect(e, JSON.stringify(changes)).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('invalid_argument');
      return (e as AppError).message;
    };
    expect(await refused({ 'dates.lastEvidence': '2024-02-30' })).toMatch(/最晚取证日期.*2024-02-30.*不是有效日期/);
    expect(await refused({ 'dates.frozen': '2024/05/01' })).toContain('冻结日期');
    expect(await refused({ dateDecision: '2024-05-01 10:00' })).toContain('决定日期'); // only 强制执行 carries a time
    expect(await refused({ fineFen: -100 })).toMatch(/罚款金额.*不能为负/);
    expect(await refused({ surchargeYuan: -1 })).toMatch(/加处罚款金额.*不能为负/);
    expect(await refused({ surchargeYuan: 1.234 })).toMatch(/加处罚款金额.*精确到分/);
    expect(await refused({ circumstance: '特别严重' })).toMatch(/情节.*特别严重.*轻微、一般、较重、严重/);
    expect(await refused({ partyType: '法人' })).toContain('当事人类型');
    expect(await refused({ inspectionsThisYear: 1.5 })).toContain('本年度检查次数');
    expect(await refused({ emergency: 'yes' })).toContain('是否情况紧急');
    expect(await refused({ 'dates.onSpotCollected': '2024-05-10', 'dates.fineHandedOver': '2024-05-08' })).toMatch(/罚款交至行政机关日期（2024-05-08）早于当场收缴罚款日期/);
    expect(await refused({ nonsense: 1 })).toContain('未知的案卷事实字段：nonsense');
    expect((await api.dossiers.get({ id: d.id })).factsOverride).toEqual({});
    expect((await api.audit.list({ entityId: d.id, limit: 5 })).filter((a) => a.action === 'correct_facts')).toEqual([]);

    // 强制执行实施时间 may carry the hour.
    const ok = await api.reviews.correctFacts({ dossierId: d.id, changes: { dateEnforced: '2024-06-03 09:30' } });
    expect(ok.fields.find((f) => f.key === 'dateEnforced')!.value).toBe('2024-06-03 09:30');
    core.close();
  });

  it('correcting 违法行为代码 and the fine makes DISC-RANGE find a fine outside the imported benchmark range', async () => {
    const { core, api, d } = await setup();
    const csv = readFileSync(join(__dirname, '../../docs/benchmark-example.csv'));
    const imported = await api.benchmarks.import({ name: 'benchmark-example.csv', dataBase64: csv.toString('base64'), issuer: '示例市司法局', title: '示例裁量基准' });
    expect(imported.errors).toEqual([]);
    const disc = async () => (await api.checks.run({ campaignId: d.campaignId, dossierId: d.id })).findings.filter((f) => f.ruleId === 'DISC-RANGE');

    // SJ-0101 一般: 1000～8000 元. 9000 元 without a recorded reason is a finding.
    await api.reviews.correctFacts({ dossierId: d.id, changes: { violationCode: 'SJ-0101', circumstance: '一般', penaltyKinds: ['罚款'], fineFen: 900000 } });
    const over = await disc();
    expect(over.filter((f) => f.kind === 'violation')).toHaveLength(1);
    expect(over[0].computation).toContain('基准罚款幅度 1000 元～8000 元');
    expect(over[0].computation).toContain('实际罚款 9000 元');

    // Within the range: no finding; outside it with the reason recorded: no finding either.
    await api.reviews.correctFacts({ dossierId: d.id, changes: { fineFen: 500000 } });
    expect((await disc()).filter((f) => f.kind === 'violation')).toEqual([]);
    await api.reviews.correctFacts({ dossierId: d.id, changes: { fineFen: 900000, discretionReason: '当事人拒不配合调查，依裁量基准第二十条从重' } });
    expect((await disc()).filter((f) => f.kind === 'violation')).toEqual([]);
    core.close();
  });
});
