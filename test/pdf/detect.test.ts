import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_TYPES,
  PG_FILING_ORDER,
  detectDocumentStarts,
  documentTypeByCode,
  foldCjk,
  matchTitleLine,
  titleKey,
  type PageText,
} from '../../shared/domain/documents';
import { documentStartPages, dossierPageLines, type DossierPdfSpec } from '../fixtures/pdfs';

const UNIT = '示例市市场监督管理局';

const pagesOf = (texts: string[]): PageText[] => texts.map((text, i) => ({ pageNo: i + 1, text }));
const page = (...lines: string[]) => lines.join('\n');

describe('document catalogue', () => {
  it('has every document the spec lists, and the PG filing order refers only to known codes', () => {
    const required = [
      '卷宗封面', '卷内目录', '案件来源登记表', '立案审批表', '询问笔录', '现场检查笔录', '证据材料', '先行登记保存通知书',
      '查封扣押决定书', '查封扣押清单', '解除查封扣押决定书', '延期审批表', '调查终结报告', '法制审核意见书', '集体讨论记录',
      '行政处罚事先告知书', '陈述申辩笔录', '听证告知书', '听证通知书', '听证笔录', '听证报告', '行政处罚决定审批表',
      '行政处罚决定书', '当场行政处罚决定书', '送达回证', '缴款凭证', '催告书', '强制执行申请书', '行政强制执行决定书',
      '结案报告', '备考表', '申请书', '受理通知书', '补正材料通知书', '不予受理决定书', '核查笔录', '准予行政许可决定书',
      '不予行政许可决定书', '行政检查审批表', '行政检查通知书', '检查结果告知书',
    ];
    const titles = new Set(DOCUMENT_TYPES.map((d) => d.title));
    expect(required.filter((t) => !titles.has(t))).toEqual([]);
    expect(new Set(DOCUMENT_TYPES.map((d) => d.code)).size).toBe(DOCUMENT_TYPES.length);
    for (const step of PG_FILING_ORDER) for (const code of step.codes) expect(documentTypeByCode(code), code).toBeDefined();
    expect(PG_FILING_ORDER[0]!.codes).toEqual(['COVER']);
    expect(PG_FILING_ORDER.at(-1)!.codes).toEqual(['RECORD_SHEET']);
    expect(PG_FILING_ORDER.map((s) => s.step)).toEqual(PG_FILING_ORDER.map((_, i) => i + 1));
  });

  it('recognises every catalogue title and variant as its own document (no variant is shadowed)', () => {
    const wrong: string[] = [];
    for (const d of DOCUMENT_TYPES) {
      for (const t of [d.title, ...d.variants]) {
        const m = matchTitleLine(t);
        if (m?.docType !== d.code || m.edits !== 0) wrong.push(`${t} → ${m?.docType ?? 'null'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('folds CJK radicals, compatibility forms and full-width characters', () => {
    expect(foldCjk('卷内⽬录 第１⻚ ⽇期')).toBe('卷内目录 第1页 日期');
    expect(titleKey('现场检查（勘验）笔录')).toBe('现场检查勘验笔录');
    expect(titleKey('现场检查(勘验)笔录')).toBe('现场检查勘验笔录');
    expect(titleKey(' 行 政 处 罚 决 定 书 ')).toBe('行政处罚决定书');
  });
});

describe('detectDocumentStarts on clean text', () => {
  it('finds the first page of every document of a generated dossier', () => {
    const spec: DossierPdfSpec = {
      caseNo: '示市监处罚〔2024〕15号',
      party: '示例样板食品有限公司',
      unit: UNIT,
      documents: [
        { title: '卷宗封面', pages: 1 },
        { title: '卷内目录', pages: 1 },
        { title: '立案审批表', pages: 1 },
        { title: '询问笔录', pages: 3 },
        { title: '现场检查笔录', pages: 2 },
        { title: '调查终结报告', pages: 2 },
        { title: '行政处罚事先告知书', pages: 1 },
        { title: '送达回证', pages: 1 },
        { title: '行政处罚决定审批表', pages: 1 },
        { title: '行政处罚决定书', pages: 2 },
        { title: '送达回证', pages: 1 },
        { title: '缴款凭证', pages: 1 },
        { title: '结案报告', pages: 1 },
        { title: '备考表', pages: 1 },
      ],
    };
    const pages = pagesOf(dossierPageLines(spec).map((lines) => lines.join('\n')));
    const starts = detectDocumentStarts(pages);
    expect(starts.map((s) => s.pageNo)).toEqual(documentStartPages(spec));
    expect(starts.map((s) => s.title)).toEqual(spec.documents.map((d) => d.title));
    expect(starts.every((s) => s.confidence === 1)).toBe(true);
    expect(starts[3]).toMatchObject({ docType: 'INQUIRY_RECORD', line: '询问笔录' });
  });

  it('accepts the agency name before the title, on the same line', () => {
    const [s] = detectDocumentStarts(pagesOf([page(`${UNIT}行政处罚决定书`, '示市监处罚〔2024〕15号', '当事人：示例样板食品有限公司')]));
    expect(s).toMatchObject({ pageNo: 1, docType: 'PENALTY_DECISION', title: '行政处罚决定书' });
    expect(s!.confidence).toBeLessThan(1);
    expect(s!.confidence).toBeGreaterThan(0.8);
  });
});

describe('detectDocumentStarts on OCR-like text', () => {
  const cases: [string, string, string][] = [
    ['missing character', '行政处罚定书', 'PENALTY_DECISION'],
    ['misread character', '立案审枇表', 'FILING_APPROVAL'],
    ['extra character', '调查终结报报告', 'INVESTIGATION_REPORT'],
    ['spaces between characters', '行 政 处 罚 决 定 书', 'PENALTY_DECISION'],
    ['Kangxi radical', '⽴案审批表', 'FILING_APPROVAL'],
    ['radicals supplement + full-width brackets', '现场检查（勘验）笔录', 'SITE_INSPECTION_RECORD'],
    ['half-width brackets', '现场检查(勘验)笔录', 'SITE_INSPECTION_RECORD'],
    ['radical in a short title', '卷内⽬录', 'CATALOGUE'],
    ['agency prefix and a misread character', `${UNIT}行政处罚决定节`, 'PENALTY_DECISION'],
    ['suffix (存根)', '行政处罚决定书（存根）', 'PENALTY_DECISION'],
  ];
  it.each(cases)('%s: %s', (_label, title, code) => {
    const starts = detectDocumentStarts(pagesOf([page(UNIT, title, '当事人：示例样板食品有限公司', '日期：2024年3月5日')]));
    expect(starts).toHaveLength(1);
    expect(starts[0]!.docType).toBe(code);
  });

  it('gives lower confidence to fuzzy matches than to exact ones', () => {
    const exact = matchTitleLine('行政处罚决定书')!;
    const fuzzy = matchTitleLine('行政处罚定书')!;
    expect(exact.edits).toBe(0);
    expect(fuzzy.edits).toBe(1);
    expect(fuzzy.confidence).toBeLessThan(exact.confidence);
  });

  it('flags a title one edit away from two documents as uncertain', () => {
    const clear = matchTitleLine('听证告知节')!; // only 听证告知书 is one edit away
    const unclear = matchTitleLine('听证某知书')!; // 听证告知书 and 听证通知书 both are
    expect(clear.docType).toBe('HEARING_RIGHTS_NOTICE');
    expect(['HEARING_RIGHTS_NOTICE', 'HEARING_NOTICE']).toContain(unclear.docType);
    expect(unclear.confidence).toBeLessThan(clear.confidence);
  });

  it('requires short titles (under five characters) to match exactly', () => {
    expect(matchTitleLine('催告节')).toBeNull();
    expect(matchTitleLine('听证笔彔')).toBeNull();
    expect(matchTitleLine('催告书')?.docType).toBe('REMINDER');
    expect(matchTitleLine('听证笔录')?.docType).toBe('HEARING_RECORD');
  });

  it('does not accept two errors in a title', () => {
    expect(matchTitleLine('行政处罚定节')).toBeNull();
  });
});

describe('detectDocumentStarts ignores titles mentioned in body text', () => {
  it('does not start a document for a sentence that mentions a title', () => {
    const pages = pagesOf([
      page(UNIT, '调查终结报告', '案号：示市监处罚〔2024〕15号'),
      page('已送达行政处罚事先告知书', '本局于2024年3月1日向当事人送达了行政处罚决定书。', '问：你是否收到行政处罚事先告知书？', '答：收到了。'),
      page('根据行政处罚决定书', '当事人应当自收到本决定书之日起十五日内缴纳罚款。'),
    ]);
    const starts = detectDocumentStarts(pages);
    expect(starts.map((s) => [s.pageNo, s.docType])).toEqual([[1, 'INVESTIGATION_REPORT']]);
  });

  it('only looks at the title band: a title-only line far down the page does not count', () => {
    const body = Array.from({ length: 8 }, (_, i) => `第${i + 1}项：经查，当事人存在违法行为，证据确实充分。`);
    const starts = detectDocumentStarts(pagesOf([page(...body, '行政处罚决定书')]));
    expect(starts).toEqual([]);
    // The same line inside the band does count.
    expect(detectDocumentStarts(pagesOf([page(...body.slice(0, 2), '行政处罚决定书')]))).toHaveLength(1);
  });

  it('does not take a catalogue row or a numbered line for a title', () => {
    const starts = detectDocumentStarts(pagesOf([page('卷内目录', '序号 文件名称 日期 页号', '1 立案审批表 2024年1月3日 1', '2 询问笔录 2024年1月5日 2')]));
    expect(starts.map((s) => s.docType)).toEqual(['CATALOGUE']);
  });
});

describe('detectDocumentStarts prefers the most specific title', () => {
  it.each([
    ['行政处罚决定审批表', 'DECISION_APPROVAL'],
    ['行政处罚决定书', 'PENALTY_DECISION'],
    ['当场行政处罚决定书', 'ONSPOT_DECISION'],
    [`${UNIT}当场行政处罚决定书`, 'ONSPOT_DECISION'],
    ['当行政处罚决定书', 'ONSPOT_DECISION'],
    ['解除查封扣押决定书', 'SEIZURE_RELEASE'],
    ['查封扣押决定书', 'SEIZURE_DECISION'],
    ['不予行政许可决定书', 'LICENCE_REFUSAL'],
    ['准予行政许可决定书', 'LICENCE_GRANT'],
    ['现场核查笔录', 'VERIFICATION_RECORD'],
    ['现场检查笔录', 'SITE_INSPECTION_RECORD'],
    ['听证通知书', 'HEARING_NOTICE'],
    ['听证告知书', 'HEARING_RIGHTS_NOTICE'],
    ['行政处罚听证告知书', 'HEARING_RIGHTS_NOTICE'],
    ['行政检查结果告知书', 'INSPECTION_RESULT_NOTICE'],
  ])('%s → %s', (title, code) => {
    expect(detectDocumentStarts(pagesOf([page(UNIT, title)]))[0]?.docType).toBe(code);
  });
});

describe('detectDocumentStarts and continuation pages', () => {
  it('treats a repeated title as the same document, with or without "第2页"', () => {
    const pages = pagesOf([
      page('询问笔录', '第 1 页 共 3 页', '询问时间：2024年3月5日9时10分'),
      page('询问笔录', '第 2 页 共 3 页', '问：请说明情况。'),
      page('询问笔录（续页）', '答：好的。'),
      page('询问笔录', '被询问人：张某'),
    ]);
    expect(detectDocumentStarts(pages).map((s) => s.pageNo)).toEqual([1]);
  });

  it('starts a new document when the repeated title says it is page 1 (a second 询问笔录)', () => {
    const pages = pagesOf([
      page('询问笔录', '第 1 页 共 2 页', '被询问人：张某'),
      page('询问笔录', '第 2 页 共 2 页', '答：是的。'),
      page('询问笔录', '第 1 页 共 1 页', '被询问人：李某'),
    ]);
    expect(detectDocumentStarts(pages).map((s) => s.pageNo)).toEqual([1, 3]);
  });

  it('leaves pages without text (scans) to the document before them', () => {
    const pages = pagesOf([page('立案审批表', '案由：销售不合格食品'), '', '', page('询问笔录', '被询问人：张某')]);
    expect(detectDocumentStarts(pages).map((s) => [s.pageNo, s.docType])).toEqual([
      [1, 'FILING_APPROVAL'],
      [4, 'INQUIRY_RECORD'],
    ]);
  });

  it('sorts pages by number before detecting', () => {
    const pages: PageText[] = [
      { pageNo: 2, text: page('询问笔录', '被询问人：张某') },
      { pageNo: 1, text: page('立案审批表') },
    ];
    expect(detectDocumentStarts(pages).map((s) => s.pageNo)).toEqual([1, 2]);
  });
});
