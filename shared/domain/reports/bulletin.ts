/**
 * The bulletin (评查情况通报) as an editable draft: generated text from the aggregate, which the
 * clerk rewrites before issuing. Charts and tables stay data-driven and are placed where the text
 * has a marker line (【图表：…】/【表格：…】); deleting a marker drops that chart or table.
 */
import { percent, type CampaignAggregate } from './aggregate';
import { articleZhOrEmpty } from '../chinese-numerals';

export interface BulletinDraft {
  title: string;
  /** 文号, e.g. ×司通〔2026〕×号 — a placeholder until the office assigns it. */
  docNo: string;
  /** 主送, e.g. 各有关执法单位： */
  addressee: string;
  body: string;
  /** 落款 (issuing organ). */
  issuer: string;
  /** 成文日期, free text (二〇二六年十一月二十三日 or 2026年11月23日). */
  date: string;
}

export const BULLETIN_MARKERS = {
  grades: '【图表：等次分布】',
  histogram: '【图表：得分分布】',
  problems: '【图表：问题排名】',
  units: '【图表：单位对比】',
  ranking: '【表格：单位排名】',
  problemTable: '【表格：常见问题】',
  vetoTable: '【表格：否决案卷】',
  objectionTable: '【表格：异议采纳】',
} as const;
export type BulletinMarker = keyof typeof BULLETIN_MARKERS;

const MARKER_BY_TEXT = new Map<string, BulletinMarker>(Object.entries(BULLETIN_MARKERS).map(([k, v]) => [v, k as BulletinMarker]));

export type BulletinBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'marker'; marker: BulletinMarker };

const HEADING = /^[一二三四五六七八九十]+、/;

/** Body text → blocks: a line starting 一、二、… is a heading, a marker line a chart/table, any other non-empty line a paragraph. */
export function parseBulletinBody(body: string): BulletinBlock[] {
  const blocks: BulletinBlock[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const marker = MARKER_BY_TEXT.get(line);
    if (marker) blocks.push({ kind: 'marker', marker });
    else if (HEADING.test(line) && line.length <= 40) blocks.push({ kind: 'heading', text: line });
    else blocks.push({ kind: 'paragraph', text: line });
  }
  return blocks;
}

const CN_DIGITS = '〇一二三四五六七八九';
/** 2026-11-23 → 二〇二六年十一月二十三日 (公文 成文日期 style). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const year = [...String(y)].map((c) => CN_DIGITS[Number(c)]).join('');
  const small = (n: number): string => (n < 10 ? CN_DIGITS[n] : n === 10 ? '十' : n < 20 ? `十${CN_DIGITS[n % 10]}` : `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`);
  return `${year}年${small(m)}月${small(d)}日`;
}

export interface DraftContext {
  campaignName: string;
  year: number;
  organiser: string;
  /** Today, YYYY-MM-DD. */
  today: string;
  /** Objections upheld or partly upheld (异议采纳), whose rulings changed final scores. */
  upheldObjections?: number;
}

/** The generated first draft. */
export function generateBulletinDraft(agg: CampaignAggregate, c: DraftContext): BulletinDraft {
  const lines: string[] = [];
  const gradeText = agg.grades.map((g) => `${g.grade} ${g.count} 卷（占 ${percent(g.share)}）`).join('，');
  lines.push('一、基本情况');
  lines.push(
    `按照${c.campaignName}工作安排，共对 ${agg.unitCount} 个执法单位的 ${agg.reviewed} 卷行政执法案卷进行了评查。` +
      `经评查，${gradeText}；合格率 ${percent(agg.passRate)}，平均得分 ${agg.meanScore.toFixed(2)} 分。` +
      (agg.vetoCount > 0 ? `其中 ${agg.vetoCount} 卷存在否决情形，评为不合格。` : '未发现存在否决情形的案卷。'),
  );
  lines.push(BULLETIN_MARKERS.grades);
  lines.push(BULLETIN_MARKERS.histogram);
  lines.push('二、各单位评查情况');
  if (agg.units.length > 0) {
    const best = agg.units[0];
    const worst = agg.units[agg.units.length - 1];
    const allPass = agg.units.filter((u) => u.passRate === 1).map((u) => u.unitName);
    lines.push(
      `按单位平均得分排序（平均分相同的按总分排序），${best.unitName}平均得分 ${best.meanScore.toFixed(2)} 分，位列第一；` +
        (agg.units.length > 1 ? `${worst.unitName}平均得分 ${worst.meanScore.toFixed(2)} 分，位列最后。` : '') +
        (allPass.length ? `${allPass.join('、')}被抽查案卷全部合格。` : '') +
        '各单位得分、等次及合格率详见下表。',
    );
  }
  lines.push(BULLETIN_MARKERS.units);
  lines.push(BULLETIN_MARKERS.ranking);
  lines.push('三、存在的主要问题');
  if (agg.problemsByItem.length === 0) lines.push('本次评查未发现扣分问题。');
  agg.problemsByItem.slice(0, 5).forEach((p, i) => {
    const ex = p.examples
      .slice(0, 2)
      .map((e) => `${e.unitName}${e.caseNo}${e.caseNo.endsWith('号') ? '' : '号'}案卷${e.note ? `（${e.note.replace(/[。；;]+$/, '')}）` : ''}`)
      .join('；');
    lines.push(
      `（${'一二三四五'[i]}）${p.title}。共 ${p.count} 卷次存在此问题${p.legalBasis ? `，不符合${p.legalBasis}的规定` : ''}。${ex ? `如${ex}。` : ''}`,
    );
  });
  if (agg.problemsByRule.length > 0) {
    lines.push(
      `自动检查确认的问题中，出现较多的有：${agg.problemsByRule
        .slice(0, 5)
        .map((r) => `${r.law ? `《${r.law}》` : ''}${articleZhOrEmpty(r.article)}相关问题（${r.ruleId}）${r.count} 卷次`)
        .join('；')}。`,
    );
  }
  lines.push(BULLETIN_MARKERS.problems);
  lines.push(BULLETIN_MARKERS.problemTable);
  lines.push('四、否决案卷情况');
  lines.push(agg.vetoCases.length ? `以下 ${agg.vetoCases.length} 卷案卷存在否决情形，评为不合格：` : '本次评查未发现存在否决情形的案卷。');
  if (agg.vetoCases.length) lines.push(BULLETIN_MARKERS.vetoTable);
  const upheld = c.upheldObjections ?? 0;
  if (upheld > 0) {
    lines.push('五、异议处理情况');
    lines.push(`评查结果告知后，经复核，${upheld} 件异议予以采纳或部分采纳，相关案卷已按裁定结论重新计分，本通报所列得分均为最终结果：`);
    lines.push(BULLETIN_MARKERS.objectionTable);
  }
  lines.push(`${upheld > 0 ? '六' : '五'}、整改要求`);
  lines.push(
    '各单位要对照本通报指出的问题，逐卷逐项认真整改，对存在否决情形的案卷依法予以纠正；举一反三，完善执法程序和文书制作规范，加强执法人员培训。' +
      '请于收到整改通知之日起 30 日内将整改情况书面报送。',
  );
  return {
    title: `关于${c.campaignName}情况的通报`,
    docNo: `×司通〔${c.year}〕×号`,
    addressee: '各有关执法单位：',
    body: lines.join('\n'),
    issuer: c.organiser || '（落款单位）',
    date: chineseDate(c.today),
  };
}
