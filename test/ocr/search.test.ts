import { describe, expect, it } from 'vitest';
import type { DossierPageDetail } from '../../db/repositories/files';
import { searchPages } from '../../electron/core/ocr/search';

const textPage = (pageNo: number, text: string): DossierPageDetail => ({ fileId: 'f', pageNo, textSource: 'text', text, lines: null, confidence: null, imageSha256: null });

const ocrPage: DossierPageDetail = {
  fileId: 'f',
  pageNo: 3,
  textSource: 'ocr',
  text: '行政处罚决定书\n当事人：示例 样板食品有限公司\n罚款人民币伍仟元',
  lines: [
    { text: '行政处罚决定书', x: 0.3, y: 0.1, w: 0.4, h: 0.03, confidence: 0.98 },
    { text: '当事人：示例 样板食品有限公司', x: 0.1, y: 0.2, w: 0.75, h: 0.02, confidence: 0.95 },
    { text: '罚款人民币伍仟元', x: 0.1, y: 0.25, w: 0.4, h: 0.02, confidence: 0.9 },
  ],
  confidence: 0.94,
  imageSha256: 'x',
};

describe('searchPages', () => {
  it('finds text-layer hits without boxes, ignoring spaces, line breaks and full width', () => {
    const hits = searchPages([textPage(1, '立案审批表\n案由：销售不合格食品'), textPage(2, '询问笔录\nＡＢＣ公司 销售\n不合格食品')], '不合格 食品');
    expect(hits.map((h) => h.page)).toEqual([1, 2]);
    expect(hits[0]).toMatchObject({ source: 'text', boxes: [], count: 1 });
    expect(hits[0]!.snippet).toContain('销售不合格食品');
    expect(searchPages([textPage(2, 'ＡＢＣ公司')], 'abc')).toHaveLength(1);
  });

  it('gives OCR hits boxes narrowed to the matched characters, across a space OCR inserted', () => {
    const [hit] = searchPages([ocrPage], '示例样板');
    expect(hit).toMatchObject({ page: 3, source: 'ocr', count: 1 });
    expect(hit!.boxes).toHaveLength(1);
    const line = ocrPage.lines![1]!;
    // 15 CJK characters (one em each) and a space (half an em): 14.5 ems. The match starts after
    // 4 ems and covers 示例, the space and 样板: 4.5 ems.
    expect(hit!.boxes[0]!.x).toBeCloseTo(line.x + (line.w * 4) / 14.5, 3);
    expect(hit!.boxes[0]!.w).toBeCloseTo((line.w * 4.5) / 14.5, 3);
    expect(hit!.boxes[0]!.y).toBe(line.y);
  });

  it('gives digits and Latin letters half the width of a CJK character', () => {
    const page: DossierPageDetail = { ...ocrPage, text: '罚款2000元', lines: [{ text: '罚款2000元', x: 0, y: 0.5, w: 0.5, h: 0.02, confidence: 0.9 }] };
    const [hit] = searchPages([page], '2000');
    // 罚款 = 2 ems, 2000 = 4 × 0.5 em, 元 = 1 em: 5 ems over half the page width.
    expect(hit!.boxes[0]!.x).toBeCloseTo(0.2, 4);
    expect(hit!.boxes[0]!.w).toBeCloseTo(0.2, 4);
  });

  it('splits a match that runs over two lines into one box per line', () => {
    const [hit] = searchPages([ocrPage], '有限公司罚款');
    expect(hit!.boxes.map((b) => b.y)).toEqual([0.2, 0.25]);
  });

  it('counts every match on a page and skips pages without text', () => {
    const none: DossierPageDetail = { ...textPage(4, ''), textSource: 'none' };
    const hits = searchPages([textPage(1, '食品 食品\n食品'), none], '食品');
    expect(hits).toEqual([expect.objectContaining({ page: 1, count: 3 })]);
    expect(() => searchPages([textPage(1, 'x')], '  ')).toThrow('请输入');
  });
});
