/**
 * Fictional dossier PDFs: Chinese text set in a CJK system font (subset) with pdf-lib. Used by the
 * demo campaign and by the tests (test/fixtures/pdfs.ts re-exports this and adds malformed inputs).
 * Every person, company and agency here is invented.
 */
import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** Where a CJK font may be found, in order: Linux (WenQuanYi, Noto), Windows (SimSun, YaHei, SimHei), macOS. */
export const CJK_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  'C:\\Windows\\Fonts\\simsun.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\simhei.ttf',
  '/System/Library/Fonts/PingFang.ttc',
  '/Library/Fonts/Arial Unicode.ttf',
];

/** Kept for the tests: the font the fixtures were first written against. */
export const CJK_FONT_PATH = CJK_FONT_CANDIDATES[0];

export interface CjkFont {
  path: string;
  /** PostScript name of the face to use inside a collection (.ttc); null for a single font file. */
  face: string | null;
  bytes: Uint8Array;
}

const HAN = [0x6848, 0x5377, 0x5904, 0x7f5a]; // 案 卷 处 罚

type FontLike = { postscriptName: string | null; hasGlyphForCodePoint(cp: number): boolean };

/** The face of a font file that fontkit opens and that has Chinese glyphs; null when none does. */
function usableFace(bytes: Uint8Array): { face: string | null } | null {
  try {
    const opened = fontkit.create(bytes) as unknown as FontLike & { fonts?: FontLike[] };
    const faces = Array.isArray(opened.fonts) ? opened.fonts : [opened];
    for (const f of faces) {
      if (HAN.every((cp) => f.hasGlyphForCodePoint(cp))) {
        if (!Array.isArray(opened.fonts)) return { face: null };
        if (f.postscriptName) return { face: f.postscriptName };
      }
    }
  } catch {
    // not a font fontkit can read (e.g. a newer format): try the next one
  }
  return null;
}

let resolved: CjkFont | null | undefined;

/**
 * The first CJK font on this machine that fontkit can open with Chinese glyphs
 * (DOSSIER_REVIEW_CJK_FONT first when set); null when there is none.
 */
export function findCjkFont(candidates: readonly string[] = CJK_FONT_CANDIDATES): CjkFont | null {
  if (candidates === CJK_FONT_CANDIDATES && resolved !== undefined) return resolved;
  const list = [...(process.env.DOSSIER_REVIEW_CJK_FONT ? [process.env.DOSSIER_REVIEW_CJK_FONT] : []), ...candidates];
  let found: CjkFont | null = null;
  for (const path of list) {
    if (!existsSync(path)) continue;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch {
      continue;
    }
    const usable = usableFace(bytes);
    if (usable) {
      found = { path, face: usable.face, bytes };
      break;
    }
  }
  if (candidates === CJK_FONT_CANDIDATES) resolved = found;
  return found;
}

function requireCjkFont(): CjkFont {
  const font = findCjkFont();
  if (!font) throw new Error(`找不到可用的中文字体（已尝试：${CJK_FONT_CANDIDATES.join('；')}），无法生成示例 PDF。`);
  return font;
}
export interface FixtureDocument {
  /** Printed centred at the top of the document's first page. */
  title: string;
  pages: number;
  /** Body text; default: plausible lines with the party, case number and dates. */
  bodyLines?: string[];
  /** Body text of the pages after the first (default: plausible continuation lines). */
  continuationLines?: string[];
  /** Pages drawn as a "scan": rectangles only, no text layer. */
  scanned?: boolean;
  /** Print this instead of the agency header line on the first page (null: no header line). */
  header?: string | null;
  /** The title's type size (default 20); 12 prints it in body type, as a form typed by hand would. */
  titleSize?: number;
}

export interface DossierPdfSpec {
  caseNo: string;
  party: string;
  /** Agency (执法单位) name, printed as the header line. */
  unit: string;
  documents: FixtureDocument[];
  year?: number;
}

/** One text line as drawn: what pdf.js should give back, line for line. */
interface DrawnLine {
  text: string;
  size: number;
  align: 'center' | 'left';
}

interface PlannedPage {
  docIndex: number;
  scanned: boolean;
  lines: DrawnLine[];
  footer: string | null;
}

const WRAP = 34;

function wrap(line: string): string[] {
  const chars = [...line];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += WRAP) out.push(chars.slice(i, i + WRAP).join(''));
  return out.length ? out : [''];
}

function defaultBody(spec: DossierPdfSpec, doc: FixtureDocument, docIndex: number, pageIndex: number): string[] {
  const year = spec.year ?? 2024;
  const month = 1 + (docIndex % 11);
  const day = 1 + ((docIndex * 3 + pageIndex) % 27);
  if (pageIndex === 0) {
    return [
      `案号：${spec.caseNo}`,
      `当事人：${spec.party}`,
      `地址：示例市虚构区样板路${10 + docIndex}号`,
      `${spec.party}涉嫌销售不符合食品安全标准的食品一案，本局依法办理，现制作本文书。`,
      // Officers and dates are left to documents that state them (makeFactDossier, the demo): the fact
      // readers would take invented ones for the dossier's own.
      `经办人员：详见本案笔录`,
      `（第${month}-${day}号示例文书，以下无正文）`,
    ];
  }
  return [
    `经查，当事人于${year}年${month}月在其经营场所销售的商品抽检不合格。`,
    `以上事实有现场照片、抽样检验报告、询问笔录等证据证实。`,
    `本页为第${pageIndex + 1}页续写内容，涉及${doc.title}相关事项。`,
  ];
}

function plan(spec: DossierPdfSpec): PlannedPage[] {
  const pages: PlannedPage[] = [];
  spec.documents.forEach((doc, docIndex) => {
    for (let p = 0; p < doc.pages; p++) {
      const footer = doc.pages > 1 ? `第 ${p + 1} 页 共 ${doc.pages} 页` : null;
      if (doc.scanned) {
        pages.push({ docIndex, scanned: true, lines: [], footer: null });
        continue;
      }
      const lines: DrawnLine[] = [];
      if (p === 0) {
        const header = doc.header === undefined ? spec.unit : doc.header;
        if (header) lines.push({ text: header, size: 13, align: 'center' });
        lines.push({ text: doc.title, size: doc.titleSize ?? 20, align: 'center' });
      }
      const body = p === 0 ? (doc.bodyLines ?? defaultBody(spec, doc, docIndex, p)) : (doc.continuationLines ?? defaultBody(spec, doc, docIndex, p));
      for (const l of body) for (const w of wrap(l)) lines.push({ text: w, size: 12, align: 'left' });
      pages.push({ docIndex, scanned: false, lines, footer });
    }
  });
  return pages;
}

/**
 * The text each page carries, line by line, as makeDossierPdf draws it (header, title, body,
 * footer): what text extraction should return.
 */
export function dossierPageLines(spec: DossierPdfSpec): string[][] {
  return plan(spec).map((p) => (p.scanned ? [] : [...p.lines.map((l) => l.text), ...(p.footer ? [p.footer] : [])]));
}

/** 1-based first page of each document in the generated PDF. */
export function documentStartPages(spec: DossierPdfSpec): number[] {
  const out: number[] = [];
  let page = 1;
  for (const d of spec.documents) {
    out.push(page);
    page += d.pages;
  }
  return out;
}

const A4: [number, number] = [595.28, 841.89];

function drawScan(page: PDFPage, seed: number): void {
  page.drawRectangle({ x: 0, y: 0, width: A4[0], height: A4[1], color: rgb(0.96, 0.95, 0.92) });
  for (let i = 0; i < 24; i++) {
    const w = 200 + ((seed * 37 + i * 53) % 260);
    page.drawRectangle({ x: 60, y: 760 - i * 28, width: w, height: 9, color: rgb(0.25, 0.25, 0.25) });
  }
  page.drawRectangle({ x: 400, y: 120, width: 110, height: 110, borderColor: rgb(0.8, 0.1, 0.1), borderWidth: 3 });
}

async function newCjkDocument(): Promise<{ doc: PDFDocument; font: PDFFont }> {
  const cjk = requireCjkFont();
  const doc = await PDFDocument.create();
  doc.registerFontkit({ create: (b: Uint8Array) => fontkit.create(b, cjk.face ?? undefined) });
  const font = await doc.embedFont(cjk.bytes, { subset: true });
  doc.setCreator('dossier-review test fixtures');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(new Date('2024-06-01T00:00:00Z'));
  doc.setModificationDate(new Date('2024-06-01T00:00:00Z'));
  return { doc, font };
}

/** A fictional dossier: each document starts on a new page with its title centred at the top. */
export async function makeDossierPdf(spec: DossierPdfSpec): Promise<Uint8Array> {
  const { doc, font } = await newCjkDocument();
  doc.setTitle(`${spec.party}案卷（${spec.caseNo}）`);
  plan(spec).forEach((p, i) => {
    const page = doc.addPage(A4);
    if (p.scanned) {
      drawScan(page, i);
      return;
    }
    let y = A4[1] - 70;
    for (const line of p.lines) {
      const width = font.widthOfTextAtSize(line.text, line.size);
      const x = line.align === 'center' ? (A4[0] - width) / 2 : 60;
      y -= line.size * 0.4;
      page.drawText(line.text, { x, y, size: line.size, font, color: rgb(0, 0, 0) });
      y -= line.size * 1.4;
    }
    if (p.footer) {
      const w = font.widthOfTextAtSize(p.footer, 10);
      page.drawText(p.footer, { x: (A4[0] - w) / 2, y: 40, size: 10, font });
    }
  });
  return doc.save();
}

/** A PDF whose pages carry no text at all (a scan without OCR): rectangles only. */
export async function makeImageOnlyPdf(pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) drawScan(doc.addPage(A4), i);
  return doc.save();
}

