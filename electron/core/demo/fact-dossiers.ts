/**
 * Fictional 行政处罚 dossiers whose documents state their facts as real ones do (issue #14): an 立案审批表
 * with its 立案日期, 笔录 naming the officers and their certificate numbers, a 事先告知书 and a 决定书
 * signed in Chinese numerals or figures, the fine in capitals with the figure in brackets, 送达回证 naming
 * the document served and the date, 缴款凭证, 结案报告 — and the register row beside it, with planted
 * differences. Returns what a perfect reader would find (value and page), for tests and the bench.
 * Every person, company and agency here is invented.
 */
import { chineseNumeral } from '../../../shared/domain/chinese-numerals';
import { addDays, type IsoDate } from '../../../shared/domain/calendar/date';
import { mulberry32 } from '../../../shared/domain/sampling/prng';
import type { DossierPdfSpec, FixtureDocument } from './pdfs';

export interface PlantedFact {
  key: string;
  /** In the fact table's unit (dates YYYY-MM-DD, register amounts in fen). */
  value: unknown;
  /** Page in the generated PDF. */
  page: number;
}

export interface FactDossier {
  spec: DossierPdfSpec;
  /** What the documents state, with the page each is on. */
  planted: PlantedFact[];
  /** The register row's values (DossierInput fields), some planted to differ from the documents. */
  register: Record<string, unknown>;
  /** Keys whose register value was made to differ. */
  differing: string[];
}

export interface FactDossierOptions {
  seed: number;
  caseNo: string;
  /** Pages of 证据材料 (makes a dossier of any length: 300 pages for the bench). */
  evidencePages?: number;
  /** Keys to plant a register difference on (default none). */
  differ?: readonly string[];
  /** Omit the 事先告知书 and its 送达回证 (and the register's 告知 dates). */
  withoutNotice?: boolean;
  /** The 卷内目录 gives a wrong first page for one document (a 立卷 finding). */
  catalogueError?: boolean;
  /** Only 立案审批表, 抽样检验报告, 事先告知书, 决定书 and the 送达回证 (seven pages): a short scan for OCR tests. */
  compact?: boolean;
}

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['示范', '样本', '虚构', '例证', '模拟', '演示', '测评', '假设'];
const PARTIES = ['示例样板食品有限公司', '虚构某某商贸有限公司', '样例日用品经营部', '模拟连锁超市有限公司', '演示餐饮管理有限公司'];

/** A document every generated dossier carries whose title the catalogue does not know. */
export const OUTSIDE_CATALOGUE_TITLE = '抽样检验报告';

/** The facts a compact dossier keeps the documents of (a six-page scan: OCR tests stay short). */
const COMPACT_KEYS = new Set(['dateFiled', 'dateNotice', 'dateNoticeServed', 'fineFen', 'dateDecisionServed']);

const DIGIT_ZH = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CAP_DIGIT = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/** 2024-05-23 → 二〇二四年五月二十三日 (as official documents sign). */
export function zhDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${[...String(y)].map((c) => DIGIT_ZH[Number(c)]).join('')}年${chineseNumeral(m)}月${chineseNumeral(d)}日`;
}
/** 2024-05-23 → 2024年5月23日. */
export function figDate(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/** 5000 → 伍仟, 12300 → 壹万贰仟叁佰 (whole yuan up to 99,999,999). */
export function capitalYuan(n: number): string {
  const section = (v: number): string => {
    const units = ['仟', '佰', '拾', ''];
    const digits = String(v).padStart(4, '0');
    let out = '';
    let zero = false;
    [...digits].forEach((c, i) => {
      const d = Number(c);
      if (d === 0) {
        if (out) zero = true;
        return;
      }
      if (zero) out += '零';
      zero = false;
      out += CAP_DIGIT[d] + units[i]!;
    });
    return out;
  };
  if (n === 0) return '零';
  const wan = Math.floor(n / 10000);
  const rest = n % 10000;
  return (wan ? `${section(wan)}万` : '') + (rest ? (wan && rest < 1000 ? '零' : '') + section(rest) : '');
}

/** A plausible fictional dossier with its facts and a register row (some values planted to differ). */
export function makeFactDossier(o: FactDossierOptions): FactDossier {
  const rnd = mulberry32(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const party = pick(PARTIES);
  const unit = '示例市市场监督管理局';
  const officerA = { name: pick(SURNAMES) + pick(GIVEN), certNo: `1401${String(100000 + Math.floor(rnd() * 899999))}` };
  let officerB = { name: pick(SURNAMES) + pick(GIVEN), certNo: `1401${String(100000 + Math.floor(rnd() * 899999))}` };
  if (officerB.name === officerA.name) officerB = { ...officerB, name: officerA.name.slice(0, 1) + '另' + officerA.name.slice(2) };
  const chinese = rnd() < 0.5; // 落款 in Chinese numerals or in figures
  const sign = (iso: IsoDate) => (chinese ? zhDate(iso) : figDate(iso));

  const month = 2 + Math.floor(rnd() * 6);
  const discovered: IsoDate = `2024-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 20)).padStart(2, '0')}`;
  const filed = addDays(discovered, 2 + Math.floor(rnd() * 5));
  const notice = addDays(filed, 20 + Math.floor(rnd() * 20));
  const noticeServed = addDays(notice, 1 + Math.floor(rnd() * 3));
  const decision = addDays(noticeServed, 8 + Math.floor(rnd() * 10));
  const decisionServed = addDays(decision, 1 + Math.floor(rnd() * 5));
  const paid = addDays(decisionServed, 3 + Math.floor(rnd() * 10));
  const closed = addDays(paid, 2 + Math.floor(rnd() * 5));
  const fineYuan = (1 + Math.floor(rnd() * 40)) * 500;
  const confYuan = rnd() < 0.6 ? 100 + Math.floor(rnd() * 5000) : 0;
  const kinds = confYuan ? ['罚款', '没收违法所得'] : ['罚款'];
  const caseNo = o.caseNo;

  const docs: FixtureDocument[] = [];
  const planted: PlantedFact[] = [];
  let page = 1;
  const add = (doc: FixtureDocument, facts: { key: string; value: unknown; pageIndex?: number }[] = []) => {
    if (o.compact && doc.title !== OUTSIDE_CATALOGUE_TITLE && !facts.some((f) => COMPACT_KEYS.has(f.key))) return;
    for (const f of facts) planted.push({ key: f.key, value: f.value, page: page + (f.pageIndex ?? 0) });
    docs.push(doc);
    page += doc.pages;
  };
  const serveLines = (title: string, docNo: string, date: IsoDate) => [
    `受送达人：${party}`,
    `送达文书名称：${title}（${docNo}）`,
    `送达地点：示例市虚构区样板路18号`,
    `送达方式：直接送达`,
    `受送达人签名：张某某`,
    `送达日期：${figDate(date)}`,
    `送达人：${officerA.name}、${officerB.name}`,
  ];

  add({ title: '行政处罚案卷', pages: 1, header: unit, bodyLines: [`案号：${caseNo}`, `当事人：${party}`, `案由：销售不符合食品安全标准的食品`, `立卷人：${officerA.name}`] });
  add({ title: '卷内目录', pages: 1, bodyLines: ['序号 文件名称 页码', '1 立案审批表 3', '2 询问笔录 4', '3 现场检查笔录 6', '4 证据材料 7'] });
  add(
    {
      title: '立案审批表',
      pages: 1,
      bodyLines: [
        `当事人：${party}`,
        `案件来源：投诉举报（${figDate(discovered)}登记）`,
        `简要案情：当事人涉嫌销售不符合食品安全标准的食品。`,
        `承办人意见：建议立案调查。`,
        `负责人审批意见：同意立案。`,
        `立案日期：${figDate(filed)}`,
      ],
    },
    [{ key: 'dateFiled', value: filed }],
  );
  add(
    {
      title: '询问笔录',
      pages: 2,
      bodyLines: [
        `询问时间：${figDate(addDays(filed, 3))} 9时30分至10时45分`,
        `询问地点：示例市虚构区样板路18号`,
        `询问人：${officerA.name} 执法证号：${officerA.certNo}`,
        `记录人：${officerB.name} 执法证号：${officerB.certNo}`,
        `被询问人：张某某 职务：店长`,
        `问：我们是示例市市场监督管理局的执法人员，现依法向你了解情况。`,
        `答：明白。`,
      ],
    },
    [{ key: 'officers', value: [officerA, officerB] }],
  );
  add({ title: '现场检查笔录', pages: 1, bodyLines: [`检查时间：${figDate(addDays(filed, 1))}`, `检查人员：${officerA.name}、${officerB.name}`, '现场情况：货架上摆放待售的涉案食品若干。'] });
  add({ title: '证据材料', pages: Math.max(1, o.evidencePages ?? 3) });
  // A document whose title is not in the catalogue: the map must still find it (by its layout).
  add({
    title: OUTSIDE_CATALOGUE_TITLE,
    pages: 1,
    bodyLines: [`委托单位：${unit}`, `被抽样单位：${party}`, '检验项目：菌落总数', '检验结论：所检项目不符合食品安全国家标准。'],
  });
  if (!o.withoutNotice) {
    add(
      {
        title: '行政处罚事先告知书',
        pages: 1,
        bodyLines: [
          `${party}：`,
          `经查，你单位于${figDate(discovered)}销售的食品经抽样检验不合格。`,
          `依据《中华人民共和国食品安全法》第一百二十四条，本局拟对你单位作出如下行政处罚：`,
          `罚款人民币${capitalYuan(fineYuan)}元整${confYuan ? `，没收违法所得人民币${confYuan}元` : ''}。`,
          '你单位可在收到本告知书之日起五日内向本局提出陈述、申辩，或者要求听证。',
          unit,
          sign(notice),
        ],
      },
      [{ key: 'dateNotice', value: notice }],
    );
    add({ title: '送达回证', pages: 1, bodyLines: serveLines('行政处罚事先告知书', `示市监罚告〔2024〕${o.seed % 90}号`, noticeServed) }, [{ key: 'dateNoticeServed', value: noticeServed }]);
  }
  add({ title: '法制审核意见书', pages: 1, bodyLines: ['审核意见：事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。', `审核人：赵审核`, figDate(addDays(decision, -2))] }, [
    { key: 'legalReview', value: true },
    { key: 'dates.legalReviewed', value: addDays(decision, -2) },
  ]);
  add({ title: '行政处罚决定审批表', pages: 1, bodyLines: [`拟处罚意见：罚款${fineYuan}元`, '负责人意见：同意。', figDate(addDays(decision, -1))] });
  add(
    {
      title: '行政处罚决定书',
      pages: 2,
      bodyLines: [
        `示市监罚〔2024〕${o.seed % 90}号`,
        `当事人：${party}`,
        `经查，当事人于${figDate(discovered)}销售的食品经抽样检验不合格，违反了《中华人民共和国食品安全法》第三十四条。`,
        '依据《中华人民共和国食品安全法》第一百二十四条第一款，可处五万元以上十万元以下罚款。',
        '本局决定对当事人作出如下行政处罚：',
        `1.罚款人民币${capitalYuan(fineYuan)}元整（¥${fineYuan}.00）；`,
        ...(confYuan ? [`2.没收违法所得人民币${confYuan}元。`] : []),
        '当事人应当自收到本决定书之日起十五日内缴纳罚款。',
      ],
    },
    [
      { key: 'fineFen', value: fineYuan * 100 },
      ...(confYuan ? [{ key: 'confiscationFen', value: confYuan * 100 }] : []),
      { key: 'penaltyKinds', value: kinds },
    ],
  );
  // The decision's second page carries the 落款 (makeDossierPdf's continuation page ends in a date line).
  docs[docs.length - 1] = { ...docs[docs.length - 1]!, continuationLines: ['如不服本决定，可在收到本决定书之日起六十日内申请行政复议。', unit, sign(decision)] };
  planted.push({ key: 'dateDecision', value: decision, page: page - 1 });
  add({ title: '送达回证', pages: 1, bodyLines: serveLines('行政处罚决定书', `示市监罚〔2024〕${o.seed % 90}号`, decisionServed) }, [{ key: 'dateDecisionServed', value: decisionServed }]);
  add({ title: '缴款凭证', pages: 1, bodyLines: [`缴款人：${party}`, `金额：人民币${fineYuan}元`, `缴款日期：${figDate(paid)}`] }, [{ key: 'datePaid', value: paid }]);
  add({ title: '结案报告', pages: 1, bodyLines: ['处罚决定已执行完毕，建议结案。', '负责人意见：同意结案。', `结案日期：${figDate(closed)}`] }, [{ key: 'dateClosed', value: closed }]);
  add({ title: '备考表', pages: 1, bodyLines: ['本卷共计文件若干份。', `立卷人：${officerA.name}`] });

  // The 卷内目录 lists every document with its first page, as a careful clerk files it (or one page off).
  const listAt = docs.findIndex((d) => d.title === '卷内目录');
  if (listAt >= 0) {
    let first = 1;
    const rows = docs.map((d, i) => {
      const row = `${i + 1} ${d.title} ${first + (o.catalogueError && d.title === '行政处罚决定书' ? 1 : 0)}`;
      first += d.pages;
      return row;
    });
    docs[listAt] = { ...docs[listAt]!, bodyLines: ['序号 文件名称 页码', ...rows] };
  }

  const register: Record<string, unknown> = {
    caseNo,
    caseType: '行政处罚',
    procedure: '一般程序',
    party,
    officers: [officerA, officerB],
    dateDiscovered: discovered,
    dateFiled: filed,
    dateNotice: o.withoutNotice ? null : notice,
    dateNoticeServed: o.withoutNotice ? null : noticeServed,
    dateDecision: decision,
    dateDecisionServed: decisionServed,
    datePaid: paid,
    dateClosed: closed,
    fineFen: fineYuan * 100,
    confiscationFen: confYuan ? confYuan * 100 : null,
    penaltyKinds: kinds,
    legalReview: true,
  };
  const differing: string[] = [];
  for (const key of o.differ ?? []) {
    const v = register[key];
    if (typeof v === 'string') register[key] = addDays(v, -(1 + Math.floor(rnd() * 6)));
    else if (typeof v === 'number') register[key] = v + 100 * (500 + Math.floor(rnd() * 10) * 100);
    else continue;
    differing.push(key);
  }
  return { spec: { caseNo, party, unit, documents: docs }, planted, register, differing };
}
