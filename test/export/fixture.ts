/**
 * A campaign with one fully reviewed 行政处罚（普通程序） dossier (registered as 一般程序, stored under the 2021 name) whose party is a person with an ID
 * number and a phone, a deduction of each rule kind with notes and page references, and one
 * confirmed automatic finding — what the 评查表 tests and the benchmark export.
 */
import { newId, nowIso } from '../../db/util';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { Assignment } from '../../shared/api/namespaces/assignments';
import type { ReviewSheet } from '../../shared/api/namespaces/reviews';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';

export const PARTY = '欧阳明华';
export const ID_NUMBER = '110101199003071234';
export const PHONE = '13812345678';

export interface ReviewedFixture {
  core: Core;
  api: Api;
  campaignId: string;
  dossierId: string;
  caseNo: string;
  reviewId: string;
  sheet: ReviewSheet;
  /** A dossier of the campaign with an assignment but no review yet. */
  unreviewed: { dossierId: string; caseNo: string };
}

export async function reviewedFixture(dbPath: string): Promise<ReviewedFixture> {
  const core = await openCore(dbPath);
  const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '王组长', transport: 'test' }));
  const campaign = await api.campaigns.create({ name: '2025年度行政执法案卷评查', year: 2025, organiser: '示例市司法局' });
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 11, count: 60 })), 'utf-8');
  const imported = await api.registers.import({ campaignId: campaign.id, files: [{ name: '登记表.csv', dataBase64: csv.toString('base64') }] });
  if (imported.errors.length) throw new Error(`fixture register: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 4 }, seed: 'export' });
  await api.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer' });
  await api.reviewers.add({ campaignId: campaign.id, name: '乙评查', unitName: '示例市司法局', role: 'reviewer' });
  const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: '分配' });
  const all = await api.dossiers.list({ campaignId: campaign.id, offset: 0, limit: 500 });
  const byId = new Map(all.items.map((d) => [d.id, d]));
  const isPg = (a: Assignment) => byId.get(a.dossierId)!.caseType === '行政处罚' && byId.get(a.dossierId)!.procedure === '普通程序';
  const pg = assignments.filter(isPg);
  const target = pg[0];
  const other = assignments.find((a) => a.dossierId !== target.dossierId)!;

  // Personal data on the reviewed dossier, and the same values typed into a note (they must be masked there too).
  core.store.db
    .prepare(`UPDATE dossiers SET party = ?, party_type = '个人', party_id_no = ?, party_phone = ? WHERE id = ?`)
    .run(PARTY, ID_NUMBER, PHONE, target.dossierId);

  let sheet = await api.reviews.open({ assignmentId: target.id });
  const reviewId = sheet.review.id;
  const applicable = new Set(sheet.applicable);
  let deducted = { fixed: false, range: false, per: false };
  for (const item of sheet.template.items.filter((i) => applicable.has(i.code))) {
    const k = item.deduction.kind;
    if (k === 'fixed' && !deducted.fixed && item.maxPoints > 0) {
      deducted = { ...deducted, fixed: true };
      await api.reviews.saveAnswer({ reviewId, itemCode: item.code, verdict: 'deduct', note: `送达回证缺失，当事人${PARTY}（身份证号${ID_NUMBER}）未签收`, pageRefs: [{ page: 12 }, { page: 15, text: '送达回证' }] });
    } else if (k === 'range' && !deducted.range) {
      deducted = { ...deducted, range: true };
      await api.reviews.saveAnswer({ reviewId, itemCode: item.code, verdict: 'deduct', deduction: item.deduction.min, note: `联系电话${PHONE}未核实`, pageRefs: [{ page: 3 }] });
    } else if (k === 'per_occurrence' && !deducted.per) {
      deducted = { ...deducted, per: true };
      await api.reviews.saveAnswer({ reviewId, itemCode: item.code, verdict: 'deduct', occurrences: 2, note: '文书两处涂改未签章', pageRefs: [{ page: 7 }, { page: 9 }] });
    } else {
      await api.reviews.saveAnswer({ reviewId, itemCode: item.code, verdict: 'conform' });
    }
  }
  await api.reviews.submit({ reviewId });
  sheet = await api.reviews.get({ reviewId });

  core.store.db
    .prepare(
      `INSERT INTO findings (id, dossier_id, review_id, origin, rule_id, law, article, severity, item_code, message, computation, status, decided_at, decided_by, created_at)
       VALUES (?, ?, ?, 'auto', 'P-36', '行政处罚法', 36, 'deduction', NULL, ?, ?, 'confirmed', ?, '王组长', ?)`,
    )
    .run(newId(), target.dossierId, reviewId, '决定书送达超过法定期限', '决定日期 2025-03-01 + 7 日 = 2025-03-08；实际送达 2025-03-20，超期 12 日', nowIso(), nowIso());
  core.store.db
    .prepare(
      `INSERT INTO findings (id, dossier_id, origin, rule_id, law, article, severity, message, computation, status, created_at)
       VALUES (?, ?, 'auto', 'P-99', '行政处罚法', 99, 'advisory', '仅为待确认的发现', '', 'proposed', ?)`,
    )
    .run(newId(), target.dossierId, nowIso());

  return {
    core,
    api,
    campaignId: campaign.id,
    dossierId: target.dossierId,
    caseNo: byId.get(target.dossierId)!.caseNo,
    reviewId,
    sheet,
    unreviewed: { dossierId: other.dossierId, caseNo: byId.get(other.dossierId)!.caseNo },
  };
}
