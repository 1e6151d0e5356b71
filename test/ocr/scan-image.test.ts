/**
 * The JPEG fast path of the OCR engine (electron/core/ocr/scan-image.ts): a plain scanned page is
 * decoded straight from its JPEG and reads the same text, with the same boxes, as pdf.js's render of
 * it; every other kind of page is recognised as such and goes to pdf.js.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { degrees, PDFArray, PDFDocument, PDFName, PDFRawStream, rgb, type PDFImage } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePdf, recognise, renderedPixels, renderPage } from '../../electron/core/ocr/engine';
import { planPlainScan } from '../../electron/core/ocr/scan-image';
import { makeScan } from './scan-fixtures';

const A4 = { w: 595.28, h: 841.89 };
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'scan-image-'));
});
afterAll(async () => {
  await closePdf();
  rmSync(tmp, { recursive: true, force: true });
});

/** A grey page with a few dark bars (something to see), as a JPEG of the given kind. */
async function jpeg(kind: 'grey' | 'rgb' | 'cmyk', width = 1240, height = 1754): Promise<Buffer> {
  const grey = Buffer.alloc(width * height, 235);
  for (let y = 200; y < 260; y++) grey.fill(30, y * width + 150, y * width + width - 150);
  const img = sharp(grey, { raw: { width, height, channels: 1 } });
  if (kind === 'grey') return img.toColourspace('b-w').jpeg({ quality: 80 }).toBuffer();
  if (kind === 'cmyk') return img.toColourspace('cmyk').jpeg({ quality: 80 }).toBuffer();
  return img.toColourspace('srgb').jpeg({ quality: 80, chromaSubsampling: '4:4:4' }).toBuffer();
}

async function scanPage(doc: PDFDocument, image: PDFImage, size = A4) {
  const page = doc.addPage([size.w, size.h]);
  page.drawImage(image, { x: 0, y: 0, width: size.w, height: size.h });
  return page;
}

/** pdf-lib writes an embedded image when the document is saved: embed it now to edit its dictionary. */
async function imageDict(doc: PDFDocument, image: PDFImage) {
  await image.embed();
  return (doc.context.lookup(image.ref) as PDFRawStream).dict;
}

async function save(doc: PDFDocument, name: string): Promise<string> {
  const path = join(tmp, name);
  writeFileSync(path, await doc.save());
  return path;
}

describe('planPlainScan', () => {
  it('accepts a page that is one page-filling JPEG, grey or RGB, and gives pdf.js’s page size', async () => {
    const doc = await PDFDocument.create();
    await scanPage(doc, await doc.embedJpg(await jpeg('grey')));
    await scanPage(doc, await doc.embedJpg(await jpeg('rgb')));
    const parsed = await PDFDocument.load(await doc.save());
    for (const i of [0, 1]) {
      const plan = planPlainScan(parsed, i, 150);
      expect(plan.ok).toBe(true);
      if (!plan.ok) continue;
      // 595.28 pt at 150 dpi is 1240.17 px: rounded as pdf.js's viewport is.
      expect([plan.scan.width, plan.scan.height]).toEqual([1240, 1754]);
      expect(plan.scan.components).toBe(i === 0 ? 1 : 3);
    }
  });

  it('sends every other kind of page to pdf.js, saying why', async () => {
    const doc = await PDFDocument.create();
    const grey = await doc.embedJpg(await jpeg('grey'));
    const reasons: [string, RegExp][] = [];
    const expectFallback = (index: number, why: RegExp) => reasons.push([String(index), why]);

    (await scanPage(doc, grey)).setRotation(degrees(90));
    expectFallback(0, /旋转 90°/);

    const decoded = await doc.embedJpg(await jpeg('grey'));
    (await imageDict(doc, decoded)).set(PDFName.of('Decode'), doc.context.obj([1, 0]));
    await scanPage(doc, decoded);
    expectFallback(1, /\/Decode/);

    // pdf-lib gives an Adobe CMYK JPEG an inverting /Decode as well: either stops it.
    await scanPage(doc, await doc.embedJpg(await jpeg('cmyk')));
    expectFallback(2, /DeviceCMYK|\/Decode/);

    const png = await sharp(await jpeg('grey')).png().toBuffer();
    await scanPage(doc, await doc.embedPng(png));
    expectFallback(3, /FlateDecode/);

    const jbig2 = doc.context.register(
      doc.context.stream(new Uint8Array(64), { Type: 'XObject', Subtype: 'Image', Width: 1240, Height: 1754, ColorSpace: 'DeviceGray', BitsPerComponent: 1, Filter: 'JBIG2Decode' }),
    );
    const jbig2Page = doc.addPage([A4.w, A4.h]);
    const name = jbig2Page.node.newXObject('Im', jbig2);
    jbig2Page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(`q ${A4.w} 0 0 ${A4.h} 0 0 cm ${name.asString()} Do Q`)));
    expectFallback(4, /JBIG2Decode/);

    const two = await scanPage(doc, grey);
    two.drawImage(decoded, { x: 0, y: 0, width: 100, height: 100 });
    expectFallback(5, /多个图像/);

    const withText = await scanPage(doc, grey);
    withText.drawRectangle({ x: 10, y: 10, width: 50, height: 50, color: rgb(0, 0, 0) });
    expectFallback(6, /其他绘制指令/);

    doc.addPage([A4.w, A4.h]).drawImage(grey, { x: 0, y: 0, width: A4.w / 2, height: A4.h / 2 });
    expectFallback(7, /未铺满/);

    // Drawn upside down (a flip in the CTM): pdf.js would mirror it.
    doc.addPage([A4.w, A4.h]).drawImage(grey, { x: 0, y: A4.h, width: A4.w, height: -A4.h });
    expectFallback(8, /翻转/);

    const masked = await doc.embedJpg(await jpeg('grey'));
    (await imageDict(doc, masked)).set(PDFName.of('SMask'), grey.ref);
    await scanPage(doc, masked);
    expectFallback(9, /\/SMask/);

    const annotated = await scanPage(doc, grey);
    annotated.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.obj({ Type: 'Annot', Subtype: 'Square', Rect: [0, 0, 10, 10] })]));
    expectFallback(10, /批注/);

    const cropped = await scanPage(doc, grey);
    cropped.setCropBox(0, 0, A4.w, A4.h / 2);
    expectFallback(11, /未铺满/);

    // Round trip through bytes: what the engine sees is a parsed file, not the document built here.
    const parsed = await PDFDocument.load(await doc.save());
    for (const [index, why] of reasons) {
      const plan = planPlainScan(parsed, Number(index), 150);
      expect(plan.ok, `page ${index}`).toBe(false);
      if (!plan.ok) expect(plan.reason, `page ${index}`).toMatch(why);
    }
  });

  it('takes a content stream split over an array and nested q/cm that compose to a page-filling scale', async () => {
    const doc = await PDFDocument.create();
    const grey = await doc.embedJpg(await jpeg('grey'));
    const page = doc.addPage([A4.w, A4.h]);
    const name = page.node.newXObject('Im', grey.ref).asString();
    const parts = ['q 2 0 0 2 0 0 cm % scaled twice, then halved\n', `q ${A4.w / 2} 0 0 ${A4.h / 4} 0 0 cm 1 0 0 2 0 0 cm ${name} Do Q Q`];
    page.node.set(PDFName.of('Contents'), doc.context.obj(parts.map((p) => doc.context.register(doc.context.flateStream(p)))) as PDFArray);
    const plan = planPlainScan(await PDFDocument.load(await doc.save()), 0, 150);
    expect(plan.ok ? plan.scan.width : plan.reason).toBe(1240);
  });
});

describe('renderPage', () => {
  it('decodes a plain scan itself: the same picture as pdf.js’s render, the same text and boxes', async () => {
    const scan = await makeScan();
    const path = join(tmp, 'scan.pdf');
    writeFileSync(path, scan.bytes);
    // A rotated scan (pixels turned, not the page) and an upright one.
    for (const pageNo of [1, 2]) {
      const fast = await renderPage(path, pageNo);
      expect(fast.via).toBe('jpeg');
      const fastPixels = renderedPixels()!;
      const fastTitle = await recognise('title');
      const slow = await renderPage(path, pageNo, undefined, { via: 'pdfjs' });
      expect(slow.via).toBe('pdfjs');
      const slowPixels = renderedPixels()!;
      const slowTitle = await recognise('title');
      expect([fast.width, fast.height, fast.blank]).toEqual([slow.width, slow.height, slow.blank]);
      // The two JPEG decoders' inverse DCTs round differently: at most one grey level apart.
      let worst = 0;
      for (let i = 0; i < fastPixels.length; i++) worst = Math.max(worst, Math.abs(fastPixels[i]! - slowPixels[i]!));
      expect(worst).toBeLessThanOrEqual(1);
      expect(fastTitle.text).toBe(slowTitle.text);
      expect(fastTitle.text).toMatch(/示例市市场监督管理局/);
      expect(fastTitle.lines.map(({ confidence: _, ...box }) => box)).toEqual(slowTitle.lines.map(({ confidence: _, ...box }) => box));
      for (const [i, line] of fastTitle.lines.entries()) expect(Math.abs(line.confidence - slowTitle.lines[i]!.confidence)).toBeLessThan(0.02);
    }
  }, 120_000);

  it('falls back to pdf.js for a rotated page, a JPEG that is not what its dictionary says, and a broken JPEG', async () => {
    const doc = await PDFDocument.create();
    (await scanPage(doc, await doc.embedJpg(await jpeg('grey')))).setRotation(degrees(90));
    // The dictionary claims RGB; the JPEG inside is CMYK.
    const liar = await doc.embedJpg(await jpeg('cmyk'));
    const liarDict = await imageDict(doc, liar);
    liarDict.set(PDFName.of('ColorSpace'), PDFName.of('DeviceRGB'));
    liarDict.delete(PDFName.of('Decode'));
    await scanPage(doc, liar);
    const broken = doc.context.register(
      doc.context.stream(new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 0xff), { Type: 'XObject', Subtype: 'Image', Width: 1240, Height: 1754, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'DCTDecode' }),
    );
    const brokenPage = doc.addPage([A4.w, A4.h]);
    const name = brokenPage.node.newXObject('Im', broken);
    brokenPage.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(`q ${A4.w} 0 0 ${A4.h} 0 0 cm ${name.asString()} Do Q`)));
    const path = await save(doc, 'fallbacks.pdf');

    const rotated = await renderPage(path, 1);
    expect(rotated.via).toBe('pdfjs');
    expect(rotated.fallback).toMatch(/旋转/);
    // pdf.js turned the page: landscape now (1754 → 1760 after padding to a multiple of 32).
    expect([rotated.width, rotated.height]).toEqual([1760, 1248]);
    const liarPage = await renderPage(path, 2);
    expect(liarPage.via).toBe('pdfjs');
    expect(liarPage.fallback).toMatch(/JPEG/);
    const brokenJpeg = await renderPage(path, 3);
    expect(brokenJpeg.via).toBe('pdfjs');
    expect(brokenJpeg.fallback).toMatch(/JPEG/);
  }, 60_000);

  it('scales a scan made at another resolution to the page size pdf.js renders', async () => {
    const doc = await PDFDocument.create();
    await scanPage(doc, await doc.embedJpg(await jpeg('grey', 2480, 3508)));
    const path = await save(doc, '300dpi.pdf');
    const page = await renderPage(path, 1);
    expect(page.via).toBe('jpeg');
    expect([page.width, page.height]).toEqual([1248, 1760]);
    const pixels = renderedPixels()!;
    // The dark bar drawn at rows 200–260 of the 300-dpi image is at rows 100–130 here; padding is white.
    expect(pixels[115 * 1248 + 600]).toBeLessThan(60);
    expect(pixels[300 * 1248 + 600]).toBeGreaterThan(200);
    expect(pixels[1000 * 1248 + 1245]).toBe(255);
  }, 60_000);
});
