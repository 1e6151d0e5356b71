/** reviews.facts / reviews.correctFacts: corrections the automatic checks read, audited, bad dates refused by name. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { CIRCUMSTANCES } from '../../shared/domain/register/columns';
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
});
