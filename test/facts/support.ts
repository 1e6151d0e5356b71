/** A store with one campaign and dossiers made by makeFactDossier, their PDFs attached. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../db/store';
import { newId, nowIso } from '../../db/util';
import { createCoreContext, type CoreContext } from '../../electron/core/context';
import { makeFactDossier, type FactDossier, type FactDossierOptions } from '../../electron/core/demo/fact-dossiers';
import { makeDossierPdf } from '../../electron/core/demo/pdfs';
import { attachFiles } from '../../electron/core/pdf/attach';

export interface FactStore {
  tmp: string;
  store: Store;
  ctx: CoreContext;
  campaignId: string;
  dossiers: { id: string; made: FactDossier }[];
}

const COLUMNS: Record<string, string> = {
  dateDiscovered: 'date_discovered',
  dateFiled: 'date_filed',
  dateNotice: 'date_notice',
  dateNoticeServed: 'date_notice_served',
  dateDecision: 'date_decision',
  dateDecisionServed: 'date_decision_served',
  datePaid: 'date_paid',
  dateClosed: 'date_closed',
  dateSeized: 'date_seized',
  fineFen: 'fine_fen',
  confiscationFen: 'confiscation_fen',
  procedure: 'procedure',
};

/** Inserts the register row of a made dossier (as an import would have stored it). */
export function insertRegisterRow(ctx: CoreContext, campaignId: string, unitId: string, register: Record<string, unknown>, caseType = '行政处罚'): string {
  const id = newId();
  const now = nowIso();
  const cols = Object.entries(COLUMNS).filter(([k]) => register[k] !== undefined);
  ctx.db
    .prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, officers, penalty_kinds, legal_review, content_hash, created_at, updated_at${cols.map(([, c]) => `, ${c}`).join('')})
       VALUES (?, ?, ?, ?, ?, '销售不合格食品', ?, ?, ?, ?, ?, ?, ?${cols.map(() => ', ?').join('')})`,
    )
    .run(
      id,
      campaignId,
      unitId,
      register.caseNo,
      caseType,
      register.party ?? '某当事人',
      JSON.stringify(register.officers ?? []),
      JSON.stringify(register.penaltyKinds ?? []),
      register.legalReview === undefined ? null : register.legalReview ? 1 : 0,
      `hash-${String(register.caseNo)}`,
      now,
      now,
      ...cols.map(([k]) => register[k] ?? (k === 'dateClosed' ? '2024-12-31' : null)),
    );
  return id;
}

export async function factStore(options: FactDossierOptions[]): Promise<FactStore> {
  const tmp = mkdtempSync(join(tmpdir(), 'dossier-facts-'));
  const store = await openStore(join(tmp, 'review.db'));
  const ctx = createCoreContext(store, '0.0.0-test');
  const campaignId = newId();
  const now = nowIso();
  ctx.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '2024年度案卷评查', 2024, ?, ?)`).run(campaignId, now, now);
  const unitId = newId();
  ctx.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, '示例市市场监督管理局', now);
  const dossiers: FactStore['dossiers'] = [];
  const files: { name: string; path: string }[] = [];
  for (const o of options) {
    const made = makeFactDossier(o);
    const id = insertRegisterRow(ctx, campaignId, unitId, made.register);
    const path = join(tmp, `${o.caseNo}.pdf`);
    writeFileSync(path, await makeDossierPdf(made.spec));
    files.push({ name: `${o.caseNo}.pdf`, path });
    dossiers.push({ id, made });
  }
  await attachFiles(ctx, { campaignId, files });
  return { tmp, store, ctx, campaignId, dossiers };
}
