/**
 * The demo campaign: a new user can try the whole flow at once. Everything is fictional (示例/虚构)
 * and comes from the same generators the tests use. It goes through the ordinary code paths
 * (register import, reviewer add, PDF attach), so it is audited like any other data. No sample is
 * drawn and nobody is assigned: that is what the user tries next.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallContext } from '../../../shared/api/define';
import type { Campaign } from '../../../shared/api/namespaces/campaigns';
import type { Reviewer, ReviewerRole } from '../../../shared/api/namespaces/reviewers';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { campaignHandlers } from '../handlers/campaigns';
import { reviewerHandlers } from '../handlers/reviewers';
import { importRegisters, localToday } from '../import';
import { attachFiles } from '../pdf';
import { documentsStatingFacts } from './fact-bodies';
import { encodeCsv, FICTIONAL_UNITS, generateRegisterRows, registerToCsv, type RegisterRowData } from './registers';

export const DEMO_CAMPAIGN_NAME = '示例评查活动（虚构数据）';
export const DEMO_ORGANISER = '示例市司法局（虚构）';
export const DEMO_DOSSIER_COUNT = 200;
export const DEMO_PDF_COUNT = 12;
const DEMO_SEED = 20240601;

export const DEMO_REVIEWERS: { name: string; unitName: string; role: ReviewerRole; certNo: string }[] = [
  { name: '示例评查员甲', unitName: '示例市司法局（虚构）', role: 'leader', certNo: '示例评-0001' },
  { name: '示例评查员乙', unitName: '示例市司法局（虚构）', role: 'legal_office', certNo: '示例评-0002' },
  { name: '示例评查员丙', unitName: '示例市应急管理局（虚构）', role: 'reviewer', certNo: '示例评-0003' },
  { name: '示例评查员丁', unitName: '示例市自然资源局（虚构）', role: 'reviewer', certNo: '示例评-0004' },
  { name: '示例评查员戊', unitName: FICTIONAL_UNITS[0], role: 'reviewer', certNo: '示例评-0005' },
  { name: '示例评查员己', unitName: FICTIONAL_UNITS[1], role: 'reviewer', certNo: '示例评-0006' },
];

export interface DemoResult {
  campaign: Campaign;
  dossiers: number;
  pdfs: number;
  reviewers: Reviewer[];
  warnings: string[];
}

/** The dossiers that get a PDF: the first few of each unit, DEMO_PDF_COUNT in all. */
function pickForPdf(rows: readonly RegisterRowData[], count: number): RegisterRowData[] {
  const units = [...new Set(rows.map((r) => r.执法单位))];
  const perUnit = Math.ceil(count / units.length);
  return units.flatMap((u) => rows.filter((r) => r.执法单位 === u).slice(0, perUnit)).slice(0, count);
}

/** DEMO_DOSSIER_COUNT generated rows whose dates are all on or before today (fewer if not enough are). */
function closedRows(casesYear: number): RegisterRowData[] {
  const today = localToday();
  const rows = generateRegisterRows({ seed: DEMO_SEED, count: DEMO_DOSSIER_COUNT * 2, units: FICTIONAL_UNITS, year: casesYear });
  const closed = rows.filter((r) => Object.values(r).every((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || v <= today));
  return closed.slice(0, DEMO_DOSSIER_COUNT);
}

export async function loadDemo(ctx: CoreContext, call: CallContext, opts: { year?: number } = {}): Promise<DemoResult> {
  const year = opts.year ?? new Date().getFullYear();
  // The campaign reviews last year's closed cases; early in a year some of those would still be
  // open (dates after today), so fall back a year when too few are closed.
  let casesYear = year - 1;
  if (closedRows(casesYear).length < DEMO_DOSSIER_COUNT) casesYear -= 1;
  const warnings: string[] = [];

  const campaign = await campaignHandlers(ctx).create(
    {
      name: DEMO_CAMPAIGN_NAME,
      year,
      organiser: DEMO_ORGANISER,
      scopeNotes: `虚构示例数据，仅供试用：${FICTIONAL_UNITS.join('、')}三个单位 ${casesYear} 年办结的案件。所有单位、人员、当事人均为虚构。`,
    },
    call,
  );

  const rows = closedRows(casesYear);
  const files = FICTIONAL_UNITS.map((unit) => ({
    source: { name: `${unit}案卷目录（示例）.csv`, bytes: encodeCsv(registerToCsv(rows.filter((r) => r.执法单位 === unit)), 'gbk') },
    sheet: null,
  }));
  const imported = await importRegisters(ctx, { campaignId: campaign.id, files, mapping: null, applyChanges: false, actor: call.actor });
  if (imported.errorTotal > 0) {
    const first = imported.errors[0];
    throw new AppError('internal', `示例案卷目录导入失败：${first ? `${first.file} 第 ${first.row} 行 ${first.column}：${first.message}` : '未知错误'}`);
  }

  const reviewerApi = reviewerHandlers(ctx);
  const reviewers: Reviewer[] = [];
  for (const r of DEMO_REVIEWERS) {
    reviewers.push(await reviewerApi.add({ campaignId: campaign.id, ...r, phone: null, team: '' }, call));
  }

  let pdfs = 0;
  // pdf-lib and fontkit (which decompresses its Unicode tables as it loads) only when the demo runs:
  // every start of the app and of the CLI would otherwise pay for them.
  const { findCjkFont, makeDossierPdf } = await import('./pdfs');
  const font = findCjkFont();
  if (!font) {
    warnings.push('本机没有找到可用的中文字体，示例活动未附卷宗 PDF；其余示例数据已载入。');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-review-demo-'));
    try {
      for (const row of pickForPdf(rows, DEMO_PDF_COUNT)) {
        // The documents state the register's facts, so 关键事实 shows where each one was read (issue #14).
        const bytes = await makeDossierPdf({ caseNo: row.案卷编号, party: row.当事人, unit: row.执法单位, year: casesYear, documents: documentsStatingFacts(row) });
        writeFileSync(join(dir, `${row.案卷编号}.pdf`), bytes);
      }
      const attached = await attachFiles(ctx, { campaignId: campaign.id, dir }, call);
      pdfs = attached.matched.length;
      for (const f of attached.failed) warnings.push(`示例 PDF“${f.file}”未能导入：${f.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const fresh = await campaignHandlers(ctx).get({ id: campaign.id }, call);
  return { campaign: fresh, dossiers: imported.imported, pdfs, reviewers, warnings };
}
