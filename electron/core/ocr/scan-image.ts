/**
 * The fast path for the common scanned page: one JPEG (DCTDecode) image drawn over the whole page
 * and nothing else. Its bytes are taken straight from the PDF (pdf-lib object lookup) and decoded
 * with sharp (libjpeg-turbo, native) instead of pdf.js's JavaScript JPEG decoder, which cost ≈ 150 ms
 * CPU of a title band's ≈ 550. Anything else — vector or text content, several images, masks, a
 * /Decode array, CMYK or ICC colour, rotation, a transform that is not a plain page-filling scale,
 * annotations — gets a reason and is rendered by pdf.js as before.
 *
 * The pixels are the same picture as pdf.js's render but not the same bytes: the two decoders' inverse
 * DCTs round differently (±1 grey level on ≈ 8 % of the pixels of the test scans). The OCR cache is
 * keyed by a hash of these pixels, so it stays correct by construction; a page first read by the old
 * render path is read once more.
 *
 * Loaded by engine.ts inside the OCR worker: packages only, no relative imports, erasable TypeScript only.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, decodePDFRawStream, type PDFDocument, type PDFObject, type PDFPage } from 'pdf-lib';

/** What the fast path decodes: the JPEG, and the size pdf.js would render the page at. */
export interface PlainScan {
  jpeg: Uint8Array;
  /** The image's own pixel size (from its dictionary; checked against the JPEG header when decoded). */
  imageWidth: number;
  imageHeight: number;
  /** The PDF's colour space for it: the JPEG's component count must match. */
  components: 1 | 3;
  /** Page size in pixels at the requested resolution, rounded as pdf.js's viewport is. */
  width: number;
  height: number;
}

export type ScanPlan = { ok: true; scan: PlainScan } | { ok: false; reason: string };

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n in PDF's row-vector convention: `cm m` turns the CTM n into m × n. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

const no = (reason: string): ScanPlan => ({ ok: false, reason });

function numbersOf(page: PDFPage, value: PDFObject | undefined): number[] | null {
  const array = value instanceof PDFRef ? page.doc.context.lookup(value) : value;
  if (!(array instanceof PDFArray) || array.size() !== 4) return null;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    const v = array.lookup(i);
    if (!(v instanceof PDFNumber)) return null;
    out.push(v.asNumber());
  }
  return out;
}

/** [x0, y0, x1, y1] with x0 < x1 and y0 < y1, as pdf.js normalises a page box. */
const normalise = (b: number[]): number[] => [Math.min(b[0]!, b[2]!), Math.min(b[1]!, b[3]!), Math.max(b[0]!, b[2]!), Math.max(b[1]!, b[3]!)];

/** The box pdf.js renders: the crop box cut to the media box (the media box when they do not meet). */
function viewBox(page: PDFPage): number[] | null {
  const media = numbersOf(page, page.node.getInheritableAttribute(PDFName.of('MediaBox')));
  if (!media) return null;
  const m = normalise(media);
  const cropRaw = numbersOf(page, page.node.getInheritableAttribute(PDFName.of('CropBox')));
  if (!cropRaw) return m;
  const c = normalise(cropRaw);
  const cut = [Math.max(m[0]!, c[0]!), Math.max(m[1]!, c[1]!), Math.min(m[2]!, c[2]!), Math.min(m[3]!, c[3]!)];
  return cut[2]! > cut[0]! && cut[3]! > cut[1]! ? cut : m;
}

/** The page's content streams, decoded and joined (a page may split its content over an array). */
function contentText(page: PDFPage): string | null {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => page.doc.context.lookup(r)) : [contents];
  let text = '';
  for (const s of streams) {
    if (!(s instanceof PDFRawStream)) return null;
    // Throws on a filter pdf-lib cannot decode: the caller falls back.
    text += Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') + '\n';
  }
  return text;
}

/** Whitespace and comments of PDF content syntax. */
const SPACE = /[\0\t\n\f\r ]+|%[^\r\n]*/y;
/** A number, a name, or an operator; anything else (strings, arrays, dictionaries, inline images) is not a plain scan. */
const TOKEN = /[+-]?(?:\d+\.?\d*|\.\d+)(?![^\0\t\n\f\r ()<>[\]{}/%])|\/[^\0\t\n\f\r ()<>[\]{}/%]*|[A-Za-z'"*]+/y;

/**
 * Runs the content stream through the few operators a plain scan uses (q, Q, cm, Do) and returns the
 * one image drawn and the CTM it is drawn with, or why the page is something else.
 */
function soleImage(text: string): { name: string; ctm: Matrix } | string {
  let ctm = IDENTITY;
  const saved: Matrix[] = [];
  const operands: (number | string)[] = [];
  let drawn: { name: string; ctm: Matrix } | null = null;
  let at = 0;
  while (at < text.length) {
    SPACE.lastIndex = at;
    if (SPACE.test(text)) {
      at = SPACE.lastIndex;
      continue;
    }
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) return `页面内容含非图像元素（${text.slice(at, at + 12)}）`;
    at = TOKEN.lastIndex;
    const token = match[0];
    if (token.startsWith('/')) operands.push(token.slice(1));
    else if (/^[+\-.\d]/.test(token)) operands.push(Number(token));
    else {
      if (token === 'q') saved.push(ctm);
      else if (token === 'Q') ctm = saved.pop() ?? IDENTITY;
      else if (token === 'cm') {
        const m = operands.slice(-6);
        if (m.length !== 6 || m.some((v) => typeof v !== 'number')) return 'cm 参数异常';
        ctm = multiply(m as Matrix, ctm);
      } else if (token === 'Do') {
        const name = operands.at(-1);
        if (typeof name !== 'string') return 'Do 参数异常';
        if (drawn) return '页面上有多个图像';
        drawn = { name, ctm };
      } else return `页面内容含其他绘制指令（${token}）`;
      operands.length = 0;
    }
  }
  return drawn ?? '页面上没有图像';
}

const nameOf = (dict: PDFDict, key: string): string | undefined => {
  const v = dict.lookup(PDFName.of(key));
  return v instanceof PDFName ? v.decodeText() : undefined;
};
const numberOf = (dict: PDFDict, key: string): number | undefined => {
  const v = dict.lookup(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : undefined;
};

/**
 * Whether page `pageIndex` (0-based) is a plain scan, and if so its JPEG and target size at `dpi`.
 * `pixelTolerance`: how far (in output pixels) the image's edges may sit from the page's.
 */
export function planPlainScan(doc: PDFDocument, pageIndex: number, dpi: number, pixelTolerance = 0.5): ScanPlan {
  const page = doc.getPage(pageIndex);
  const node = page.node;
  const rotate = node.getInheritableAttribute(PDFName.of('Rotate'));
  const angle = rotate instanceof PDFNumber ? rotate.asNumber() : 0;
  if (angle % 360 !== 0) return no(`页面旋转 ${angle}°`);
  const userUnit = node.lookup(PDFName.of('UserUnit'));
  if (userUnit instanceof PDFNumber && userUnit.asNumber() !== 1) return no('页面设置了 UserUnit');
  const annots = node.lookup(PDFName.of('Annots'));
  if (annots instanceof PDFArray && annots.size() > 0) return no('页面有批注');
  const view = viewBox(page);
  if (!view) return no('页面尺寸无法读取');

  let text: string | null;
  try {
    text = contentText(page);
  } catch (err) {
    return no(`页面内容无法解码：${err instanceof Error ? err.message : String(err)}`);
  }
  if (text === null) return no('页面内容不是数据流');
  const sole = soleImage(text);
  if (typeof sole === 'string') return no(sole);

  const resources = node.Resources();
  const xobjects = resources?.lookup(PDFName.of('XObject'));
  if (!(xobjects instanceof PDFDict)) return no('找不到页面图像资源');
  const image = xobjects.lookup(PDFName.of(sole.name));
  if (!(image instanceof PDFRawStream)) return no('页面图像不是原始数据流');
  const dict = image.dict;
  if (nameOf(dict, 'Subtype') !== 'Image') return no('绘制的对象不是图像');
  const filter = dict.lookup(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray().map((f) => (f instanceof PDFName ? f.decodeText() : '?')) : filter instanceof PDFName ? [filter.decodeText()] : [];
  if (filters.length !== 1 || filters[0] !== 'DCTDecode') return no(`图像编码不是单一 DCTDecode（${filters.join('+') || '无'}）`);
  for (const key of ['DecodeParms', 'Decode', 'Mask', 'SMask', 'ImageMask', 'Alternates', 'OC']) {
    const v = dict.lookup(PDFName.of(key));
    if (v !== undefined && !(key === 'ImageMask' && v.toString() === 'false')) return no(`图像带有 /${key}`);
  }
  if (numberOf(dict, 'BitsPerComponent') !== 8) return no('图像不是每分量 8 位');
  const space = nameOf(dict, 'ColorSpace');
  const components = space === 'DeviceGray' ? 1 : space === 'DeviceRGB' ? 3 : null;
  if (!components) return no(`图像色彩空间为 ${dict.lookup(PDFName.of('ColorSpace'))?.toString() ?? '无'}`);
  const imageWidth = numberOf(dict, 'Width');
  const imageHeight = numberOf(dict, 'Height');
  if (!imageWidth || !imageHeight) return no('图像尺寸无法读取');

  // The image's unit square must land on the page box upright, unflipped and edge to edge.
  const [a, b, c, d, e, f] = sole.ctm;
  if (b !== 0 || c !== 0 || a <= 0 || d <= 0) return no('图像经过旋转、翻转或斜切');
  const scale = dpi / 72;
  const [x0, y0, x1, y1] = view as [number, number, number, number];
  const edges = [e - x0, f - y0, e + a - x1, f + d - y1];
  if (edges.some((gap) => Math.abs(gap) * scale > pixelTolerance)) return no('图像未铺满页面');
  return {
    ok: true,
    scan: {
      jpeg: image.contents,
      imageWidth,
      imageHeight,
      components,
      width: Math.round((x1 - x0) * scale),
      height: Math.round((y1 - y0) * scale),
    },
  };
}

/**
 * Decodes the scan to grey pixels on a white canvas of canvasWidth × canvasHeight (the page in its
 * top-left corner, as the pdf.js render lays it out), with the render path's grey formula. Returns
 * null when the JPEG itself is not what its dictionary says (CMYK, an ICC profile, another size,
 * 12-bit), so the caller renders with pdf.js; throws when sharp cannot decode it.
 */
export async function decodePlainScan(scan: PlainScan, canvasWidth: number, canvasHeight: number): Promise<Uint8Array | null> {
  const sharp = (await import('sharp')).default;
  const input = Buffer.from(scan.jpeg.buffer, scan.jpeg.byteOffset, scan.jpeg.byteLength);
  const space = scan.components === 1 ? 'b-w' : 'srgb';
  const meta = await sharp(input).metadata();
  if (meta.format !== 'jpeg' || meta.width !== scan.imageWidth || meta.height !== scan.imageHeight) return null;
  if (meta.channels !== scan.components || meta.space !== space || meta.hasProfile || meta.depth !== 'uchar') return null;
  let pipeline = sharp(input);
  // A scan made at another resolution than the OCR's is scaled to the page size pdf.js would render.
  if (meta.width !== scan.width || meta.height !== scan.height) pipeline = pipeline.resize(scan.width, scan.height, { fit: 'fill' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== scan.width || info.height !== scan.height) return null;
  const channels = info.channels;
  if (channels !== 1 && channels !== 3) return null;
  const grey = new Uint8Array(canvasWidth * canvasHeight).fill(255);
  const w = Math.min(scan.width, canvasWidth);
  const h = Math.min(scan.height, canvasHeight);
  for (let y = 0; y < h; y++) {
    const row = y * canvasWidth;
    if (channels === 1) {
      grey.set(data.subarray(y * scan.width, y * scan.width + w), row);
      continue;
    }
    for (let x = 0, s = y * scan.width * 3; x < w; x++, s += 3) grey[row + x] = (data[s]! * 77 + data[s + 1]! * 150 + data[s + 2]! * 29) >> 8;
  }
  return grey;
}
