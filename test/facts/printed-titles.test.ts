/**
 * Issue #14: a document is listed under its title as printed, the catalogue type beside it when they
 * differ; the dossier's own 卷内目录 is a hint for the map (where the pages agree with it), not only a check.
 */
import { describe, expect, it } from 'vitest';
import { catalogueTypeBeside, detectDocumentStarts, matchTitleLine, type OcrLine, type PageText } from '../../shared/domain/documents';
import { bandShowsTitle } from '../../shared/domain/documents/catalogue-hint';
import { makeDossierPdf } from '../../electron/core/demo/pdfs';
import { inspectPdf } from '../../electron/core/pdf/inspect';
import { catalogueFinding, citation, dossierValues, engineFacts, readCatalogue, readDocument } from '../../shared/domain/facts';

const UNIT = '示例市市场监督管理局';
const pagesOf = (texts: string[]): PageText[] => texts.map((text, i) => ({ pageNo: i + 1, text }));
const page = (...lines: string[]) => lines.join('\n');
const body = (n: number) => page(`第${n}页正文：当事人示例样板食品有限公司。`, '经查，当事人销售的食品不符合食品安全标准。');

describe('the title as printed', () => {
  it.each([
    ['an agency name before the title is not part of it', `${UNIT}行政处罚决定书`, 'PENALTY_DECISION', '行政处罚决定书'],
    ['a variant is kept as printed', '法律文书送达回证', 'SERVICE_RECEIPT', '法律文书送达回证'],
    ['brackets stay as printed', '行政处罚决定书（当场）', 'ONSPOT_DECISION', '行政处罚决定书（当场）'],
    ['the copy mark stays', '送达回证（存根）', 'SERVICE_RECEIPT', '送达回证（存根）'],
    ['spaces between characters go', '询 问 笔 录', 'INQUIRY_RECORD', '询问笔录'],
    ['an OCR misread gives the catalogue title', '行政处罚事告知节', 'PENALTY_NOTICE', '行政处罚事先告知书'],
  ])('%s: %s', (_label, line, code, printed) => {
    expect(matchTitleLine(line)).toMatchObject({ docType: code, printed });
    const [start] = detectDocumentStarts(pagesOf([page(line, '当事人：示例样板食品有限公司')]));
    expect(start).toMatchObject({ docType: code, title: printed });
  });

  it('shows the catalogue type beside a title printed otherwise, and only then', () => {
    expect(catalogueTypeBeside('SERVICE_RECEIPT', '法律文书送达回证')).toBe('送达回证');
    expect(catalogueTypeBeside('ONSPOT_DECISION', '行政处罚决定书（当场）')).toBe('当场行政处罚决定书');
    expect(catalogueTypeBeside('PENALTY_DECISION', '行政处罚决定书')).toBeNull();
    expect(catalogueTypeBeside('PENALTY_DECISION', '行政 处罚 决定书')).toBeNull();
    expect(catalogueTypeBeside('OTHER', '抽样检验报告')).toBeNull();
  });
});

describe('the 卷内目录 as a hint for the document map', () => {
  const list = (...rows: string[]) => page('卷内目录', '序号 文件名称 页码', ...rows);

  it('takes a start the list gives where the page shows that title in body type (no catalogue match, no layout)', () => {
    const pages = pagesOf([
      page('行政处罚案卷', '案号：示市监罚〔2024〕3号'),
      list('1 立案审批表 3', '2 抽样检验报告 4', '3 行政处罚决定书 6'),
      page('立案审批表', '立案日期：2024年3月1日'),
      page('抽样检验报告', '样品名称：散装熟食'),
      body(5),
      page('行政处罚决定书', '罚款伍仟元'),
    ]);
    const starts = detectDocumentStarts(pages);
    expect(starts.map((s) => [s.pageNo, s.docType, s.title])).toEqual([
      [1, 'COVER', '行政处罚案卷'],
      [2, 'CATALOGUE', '卷内目录'],
      [3, 'FILING_APPROVAL', '立案审批表'],
      [4, 'OTHER', '抽样检验报告'],
      [6, 'PENALTY_DECISION', '行政处罚决定书'],
    ]);
    // Without the list the same page is swallowed by the 立案审批表.
    expect(detectDocumentStarts([pages[0]!, pages[2]!, pages[3]!]).map((s) => s.pageNo)).toEqual([1, 3]);
  });

  it('reads a title misread beyond the catalogue tolerance when the list names it for that page', () => {
    const garbled = '行攻处杨事先告知节'; // three misreads: no catalogue match on its own
    expect(matchTitleLine(garbled)).toBeNull();
    const pages = pagesOf([list('1 立案审批表 2', '2 行政处罚事先告知书 3'), page('立案审批表', '同意立案'), page(garbled, '当事人：示例样板食品有限公司'), body(4)]);
    const starts = detectDocumentStarts(pages);
    expect(starts.find((s) => s.pageNo === 3)).toMatchObject({ docType: 'PENALTY_NOTICE', title: '行政处罚事先告知书', confidence: 0.55 });
  });

  it('gives a start found by its layout only the catalogue type the list names', () => {
    const lines = (title: string): OcrLine[] => [
      { text: title, x: 0.3, y: 0.08, w: 0.4, h: 0.04, confidence: 0.9 },
      { text: '当事人：示例样板食品有限公司', x: 0.1, y: 0.2, w: 0.6, h: 0.02, confidence: 0.9 },
      { text: '经查，当事人销售的食品不符合标准。', x: 0.1, y: 0.25, w: 0.7, h: 0.02, confidence: 0.9 },
    ];
    const garbled = '行攻处杨事先告知节';
    const pages: PageText[] = [
      { pageNo: 1, text: list('1 立案审批表 2', '2 行政处罚事先告知书 3') },
      { pageNo: 2, text: page('立案审批表', '同意立案') },
      { pageNo: 3, text: lines(garbled).map((l) => l.text).join('\n'), lines: lines(garbled) },
    ];
    const without = detectDocumentStarts([pages[1]!, pages[2]!]);
    expect(without.at(-1)).toMatchObject({ pageNo: 3, docType: 'OTHER' });
    const withList = detectDocumentStarts(pages);
    expect(withList.at(-1)).toMatchObject({ pageNo: 3, docType: 'PENALTY_NOTICE' });
  });

  it('does not follow a list whose page number is off, so the check still reports it', () => {
    const pages = pagesOf([
      list('1 立案审批表 2', '2 询问笔录 4', '3 行政处罚决定书 5'),
      page('立案审批表', '同意立案'),
      page('询问笔录', '问：你的姓名？'),
      body(4),
      body(5),
    ]);
    const starts = detectDocumentStarts(pages);
    expect(starts.map((s) => s.pageNo)).toEqual([1, 2, 3]);
    const entries = readCatalogue(pages[0]!.text.split('\n'));
    const finding = catalogueFinding(
      entries,
      starts.map((s) => ({ docType: s.docType, title: s.title, page: s.pageNo })),
      1,
    );
    expect(finding?.computation).toContain('第2项“询问笔录”标第4页，实际起于第3页');
    expect(finding?.computation).toContain('第3项“行政处罚决定书”标第5页，卷内未见该文书');
  });

  it('does not take a line that is plainly another catalogue title for the listed one', () => {
    expect(bandShowsTitle(page('行政处罚决定审批表', '拟处罚意见'), '行政处罚决定书', 'PENALTY_DECISION')).toBeNull();
    expect(bandShowsTitle(page(`${UNIT}`, '行政处罚决定书'), '行政处罚决定书', 'PENALTY_DECISION')).toBe('行政处罚决定书');
  });

  it('does not start a document on a continuation page the list points at', () => {
    const pages = pagesOf([list('1 询问笔录 2', '2 抽样检验报告 3'), page('询问笔录', '问：姓名？'), page('抽样检验报告', '第2页 共2页')]);
    expect(detectDocumentStarts(pages).map((s) => s.pageNo)).toEqual([1, 2]);
  });
});

describe('facts name their document as printed', () => {
  it('cites a variant title as printed, with the catalogue type kept apart', () => {
    const [served] = readDocument({
      docType: 'SERVICE_RECEIPT',
      title: '法律文书送达回证',
      pages: [{ page: 21, fileId: 'f1', filePage: 21, lines: ['送达文书名称：行政处罚决定书', '送达日期：2024年5月30日'].map((text) => ({ text, box: null })) }],
    });
    expect(served).toMatchObject({ key: 'dateDecisionServed', value: '2024-05-30', document: '法律文书送达回证', docType: 'SERVICE_RECEIPT', page: 21 });
    expect(citation(served!)).toContain('法律文书送达回证（第21页）');
  });
});

describe('dates of 法制审核意见书, 集体讨论记录 and 听证告知书 (issue #14)', () => {
  const docOf = (docType: string, lines: string[], page = 30) => ({
    docType,
    title: docType,
    pages: [{ page, fileId: 'f1', filePage: page, lines: lines.map((text) => ({ text, box: null })) }],
  });

  it('reads the 法制审核 date, labelled or as the 落款, with its page', () => {
    const labelled = readDocument(docOf('LEGAL_REVIEW', ['法制审核意见书', '审核意见：事实清楚，程序合法。', '审核人：赵审核', '审核日期：2024年5月4日']));
    expect(labelled.find((f) => f.key === 'dates.legalReviewed')).toMatchObject({ value: '2024-05-04', page: 30, line: '审核日期：2024年5月4日' });
    expect(labelled.find((f) => f.key === 'legalReview')?.value).toBe(true);
    const signed = readDocument(docOf('LEGAL_REVIEW', ['审核意见：同意。', '二〇二四年五月四日'], 31));
    expect(signed.find((f) => f.key === 'dates.legalReviewed')).toMatchObject({ value: '2024-05-04', page: 31 });
  });

  it('reads the 集体讨论 meeting date from the record\'s head, not the signatures\' date below', () => {
    const facts = readDocument(docOf('COLLECTIVE_DISCUSSION', ['集体讨论记录', '时  间：2024年5月3日上午9时', '地点：本局三楼会议室', '讨论结论：同意罚款。', '参加人员签名：', '2024年5月6日']));
    expect(facts.find((f) => f.key === 'dates.collectiveDiscussed')?.value).toBe('2024-05-03');
    expect(readDocument(docOf('COLLECTIVE_DISCUSSION', ['讨论结论：同意。', '2024年5月6日'])).find((f) => f.key === 'dates.collectiveDiscussed')?.value).toBe('2024-05-06');
  });

  it('reads the 听证告知书\'s own date (OCR noise included), and gives the rules all three as dates', () => {
    const facts = readDocument(docOf('HEARING_RIGHTS_NOTICE', ['听证告知书', '你（单位）有权要求举行听证。', '示例市市场监督管理局', '二〇二四年四月十O日']));
    expect(facts).toMatchObject([{ key: 'dates.hearingRightsNotice', value: '2024-04-10' }]);
    const used = engineFacts({ caseType: '行政处罚' }, {}, dossierValues([
      ...facts,
      ...readDocument(docOf('LEGAL_REVIEW', ['审核日期：2024年5月4日'])),
      ...readDocument(docOf('COLLECTIVE_DISCUSSION', ['会议时间：2024年5月3日'])),
    ]));
    expect(used.dates).toMatchObject({ hearingRightsNotice: '2024-04-10', legalReviewed: '2024-05-04', collectiveDiscussed: '2024-05-03' });
  });
});

describe('the 卷内目录 hint on a generated text PDF', () => {
  it('finds a document whose title is in body type only because the dossier\'s list names it, and keeps the list a check', async () => {
    const unit = '示例市市场监督管理局';
    const make = async (listedReportPage: number) =>
      inspectPdf(
        await makeDossierPdf({
          caseNo: '示市监罚〔2024〕9号',
          party: '示例样板食品有限公司',
          unit,
          documents: [
            { title: '卷内目录', pages: 1, bodyLines: ['序号 文件名称 页码', '1 立案审批表 2', `2 抽样检验报告 ${listedReportPage}`, '3 行政处罚决定书 5'] },
            { title: '立案审批表', pages: 1, bodyLines: ['负责人意见：同意立案。', '立案日期：2024年3月4日'] },
            { title: '抽样检验报告', pages: 2, titleSize: 12, header: null, bodyLines: ['样品名称：散装熟食', '检验结论：不合格'], continuationLines: ['检验人员：钱检验'] },
            { title: '行政处罚决定书', pages: 1, bodyLines: ['本局决定对当事人作出如下行政处罚：', '罚款人民币伍仟元。'] },
          ],
        }),
      );
    const right = await make(3);
    const starts = detectDocumentStarts(right.pages.filter((p) => p.hasTextLayer));
    expect(starts.map((s) => [s.pageNo, s.docType, s.title])).toEqual([
      [1, 'CATALOGUE', '卷内目录'],
      [2, 'FILING_APPROVAL', '立案审批表'],
      [3, 'OTHER', '抽样检验报告'],
      [5, 'PENALTY_DECISION', '行政处罚决定书'],
    ]);
    // The same pages with the list one page off: no start on page 4, and the check names the entry.
    const wrong = await make(4);
    const off = detectDocumentStarts(wrong.pages.filter((p) => p.hasTextLayer));
    expect(off.map((s) => s.pageNo)).toEqual([1, 2, 5]);
    const entries = readCatalogue(wrong.pages[0]!.text.split('\n'));
    const finding = catalogueFinding(entries, off.map((s) => ({ docType: s.docType, title: s.title, page: s.pageNo })), 1);
    expect(finding?.computation).toContain('第2项“抽样检验报告”标第4页，卷内未见该文书');
  }, 30_000);
});
