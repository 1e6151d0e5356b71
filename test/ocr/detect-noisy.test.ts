/**
 * The title detector on OCR output: title bands as the OCR engine returns them (rows of boxes
 * joined with spaces, case numbers with [] for 〔〕, half-width punctuation, one or two misread or
 * dropped characters), and no titles invented from body sentences.
 */
import { describe, expect, it } from 'vitest';
import { detectDocumentStarts, matchTitleLine, type PageText } from '../../shared/domain/documents';

const UNIT = '示例市市场监督管理局';
const band = (title: string) => [UNIT, title, '案号：示市监处罚[2024]21号', '当事人：示例样板食品有限公司'].join('\n');

describe('OCR noise in 行政处罚事先告知书', () => {
  it.each([
    ['exact', '行政处罚事先告知书', 0],
    ['one character dropped', '行政处罚事先知书', 1],
    ['one character misread (吿)', '行政处罚事先吿知书', 1],
    ['misread 书 → 节', '行政处罚事先告知节', 1],
    ['dropped and misread', '行政处罚事告知节', 2],
    ['two characters misread', '行政处訇事先吿知书', 2],
    ['split into two boxes', '行政处罚 事先告知书', 0],
    ['spaces between all characters', '行 政 处 罚 事 先 告 知 书', 0],
    ['full-width letters around it', '（行政处罚事先告知书）', 0],
    ['a stray mark read before it', '·行政处罚事先告知书', 0],
  ])('%s: %s', (_label, title, edits) => {
    const m = matchTitleLine(title);
    expect(m?.docType).toBe('PENALTY_NOTICE');
    expect(m?.edits).toBe(edits);
    const starts = detectDocumentStarts([{ pageNo: 7, text: band(title) }]);
    expect(starts).toMatchObject([{ pageNo: 7, docType: 'PENALTY_NOTICE', title: '行政处罚事先告知书' }]);
  });

  it('gives noisier readings lower confidence', () => {
    const c = (t: string) => matchTitleLine(t)!.confidence;
    expect(c('行政处罚事先告知书')).toBeGreaterThan(c('行政处罚事先知书'));
    expect(c('行政处罚事先知书')).toBeGreaterThan(c('行政处罚事告知节'));
  });

  it('refuses three errors, and two errors in a seven-character title', () => {
    expect(matchTitleLine('行政处事告知节')).toBeNull();
    expect(matchTitleLine('行政处罚定节')).toBeNull();
  });
});

describe('OCR title bands', () => {
  it('reads a dossier whose titles carry typical OCR errors', () => {
    const pages: PageText[] = [
      { pageNo: 1, text: band('立案审枇表') },
      { pageNo: 2, text: band('询问笔录') + '\n第1页 共2页' },
      { pageNo: 3, text: '问：你是否收到行政处罚事先告知书？\n答：收到了。' },
      { pageNo: 4, text: band('行政处罚事先吿知节') },
      { pageNo: 5, text: 'E\n' + band('行 政 处 罚 决 定 书') },
      { pageNo: 6, text: [UNIT, '送达回证', '送达文书：行政处罚决定书', '受送达人：示例样板食品有限公司'].join('\n') },
    ];
    expect(detectDocumentStarts(pages).map((s) => [s.pageNo, s.title])).toEqual([
      [1, '立案审批表'],
      [2, '询问笔录'],
      [4, '行政处罚事先告知书'],
      [5, '行政处罚决定书'],
      [6, '送达回证'],
    ]);
  });

  it('does not read a sentence ending in a title as a twice-misread longer title', () => {
    expect(matchTitleLine('根据行政处罚决定书')).toBeNull();
    expect(matchTitleLine('示例市市场监督管理局行政处罚决定书')?.docType).toBe('PENALTY_DECISION');
  });

  it('treats full-width and half-width forms alike', () => {
    expect(matchTitleLine('现场检查(勘验)笔录')?.docType).toBe('SITE_INSPECTION_RECORD');
    expect(matchTitleLine('现场检查（勘验）笔录')?.docType).toBe('SITE_INSPECTION_RECORD');
    expect(matchTitleLine('行政处罚决定书（存根）')?.docType).toBe('PENALTY_DECISION');
    expect(matchTitleLine('行政处罚决定书(存根)')?.docType).toBe('PENALTY_DECISION');
  });
});
