/**
 * A dossier reviewed independently by two reviewers (甲评查, 乙评查) through the API, plus a 组长 who
 * holds the 合议. Both answer every applicable item 符合, except that 乙 deducts on one fixed-deduction
 * item (`disputed`); neither has submitted yet.
 */
import type { Api } from '../../shared/api/contract';
import type { ReviewSheet } from '../../shared/api/namespaces/reviews';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';

export async function crossReviewedDossier(api: Api, name: string) {
  const campaign = await api.campaigns.create({ name, year: 2025 });
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 60 })), 'utf-8');
  await api.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
  await api.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 1 }, seed: 's' });
  const a = await api.reviewers.add({ campaignId: campaign.id, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer' });
  const b = await api.reviewers.add({ campaignId: campaign.id, name: '乙评查', unitName: '示例律师事务所', role: 'reviewer' });
  const { assignments } = await api.assignments.assign({ campaignId: campaign.id, perDossier: 2, seed: 'a' });
  const leader = await api.reviewers.add({ campaignId: campaign.id, name: '王组长', unitName: '示例市司法局', role: 'leader' });
  const outsider = await api.reviewers.add({ campaignId: campaign.id, name: '丙评查', unitName: '示例律师事务所', role: 'reviewer' });

  // The first dossier both reviewers can open (a template applies) and that has a fixed-deduction item.
  const byDossier = new Map<string, typeof assignments>();
  for (const x of assignments) byDossier.set(x.dossierId, [...(byDossier.get(x.dossierId) ?? []), x]);
  for (const [dossierId, pair] of byDossier) {
    if (pair.length !== 2) continue;
    const sheets: ReviewSheet[] = [];
    for (const x of pair) {
      const s = await api.reviews.open({ assignmentId: x.id }).catch(() => null);
      if (s) sheets.push(s);
    }
    if (sheets.length !== 2) continue;
    const fixed = sheets[0].template.items.find((i) => sheets[0].applicable.includes(i.code) && i.deduction.kind === 'fixed' && !i.veto && i.maxPoints >= 2);
    if (!fixed) continue;
    const sheetOf = (reviewerId: string) => sheets.find((s) => s.review.reviewerId === reviewerId)!;
    for (const s of sheets) {
      for (const code of s.applicable) {
        if (code === fixed.code && s.review.reviewerId === b.id) {
          await api.reviews.saveAnswer({ reviewId: s.review.id, itemCode: code, verdict: 'deduct', note: '乙：送达回证缺签收日期', pageRefs: [{ page: 12 }] });
        } else {
          await api.reviews.saveAnswer({ reviewId: s.review.id, itemCode: code, verdict: 'conform' });
        }
      }
    }
    return { campaign, dossierId, a, b, leader, outsider, disputed: fixed, sheetA: sheetOf(a.id), sheetB: sheetOf(b.id) };
  }
  throw new Error('no cross-reviewed dossier in the fixture');
}
