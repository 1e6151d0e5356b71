/**
 * Small builders over the `docx` library for official-looking Word documents: 宋体 body,
 * 黑体 headings, ruled tables whose rows never split and whose header rows repeat, A4 pages with
 * "第 N 页 / 共 M 页" footers. Shared by every DOCX generator.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';

export const SONG = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
export const HEI = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };

/** A4 portrait in twentieths of a point, 16 mm side and 18 mm top/bottom margins. */
export const A4 = { width: 11906, height: 16838, marginX: 907, marginY: 1021 };
export const CONTENT_WIDTH = A4.width - 2 * A4.marginX;

/** Font sizes in half-points, named as Chinese offices name them. */
export const SIZE = { xiaoer: 36, sihao: 28, xiaosi: 24, wuhao: 21, xiaowu: 18, liuhao: 15 };

export interface RunStyle {
  bold?: boolean;
  size?: number;
  hei?: boolean;
  color?: string;
}

export const run = (text: string, s: RunStyle = {}): TextRun =>
  new TextRun({ text, bold: s.bold, size: s.size ?? SIZE.wuhao, font: s.hei ? HEI : SONG, color: s.color });

export function para(text: string | TextRun[], opts: RunStyle & { align?: 'center' | 'left' | 'right'; before?: number; after?: number; keepNext?: boolean } = {}): Paragraph {
  const children = typeof text === 'string' ? text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: opts.bold, size: opts.size ?? SIZE.wuhao, font: opts.hei ? HEI : SONG, color: opts.color })) : text;
  return new Paragraph({
    children,
    alignment: opts.align === 'center' ? AlignmentType.CENTER : opts.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
    spacing: { before: opts.before ?? 0, after: opts.after ?? 0 },
    keepNext: opts.keepNext,
  });
}

export const title = (text: string): Paragraph => para(text, { hei: true, bold: true, size: SIZE.xiaoer, align: 'center', after: 120 });
export const heading = (text: string): Paragraph => para(text, { hei: true, bold: true, size: SIZE.xiaosi, before: 200, after: 100, keepNext: true });

// Built on first use, not at load: the CLI loads docx only when a command writes a Word document.
const line = () => ({ style: BorderStyle.SINGLE, size: 6, color: '000000' });
const borders = () => ({ top: line(), bottom: line(), left: line(), right: line() });

export interface CellSpec {
  text?: string;
  paragraphs?: Paragraph[];
  /** Fraction of the table width (columns' fractions add up to 1). */
  width?: number;
  span?: number;
  align?: 'center' | 'left' | 'right';
  label?: boolean;
  shade?: string;
  bold?: boolean;
  size?: number;
}

export function cell(c: CellSpec | string, width?: number): TableCell {
  const spec: CellSpec = typeof c === 'string' ? { text: c } : c;
  const w = spec.width ?? width;
  const children = spec.paragraphs ?? [para(spec.text ?? '', { align: spec.align ?? (spec.label ? 'center' : 'left'), hei: spec.label, bold: spec.bold, size: spec.size })];
  return new TableCell({
    children,
    columnSpan: spec.span,
    borders: borders(),
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    shading: spec.shade || spec.label ? { type: ShadingType.CLEAR, color: 'auto', fill: spec.shade ?? 'F2F2F2' } : undefined,
    width: w ? { size: Math.round(w * CONTENT_WIDTH), type: WidthType.DXA } : undefined,
  });
}

/** A ruled table: header rows repeat on every page, no row splits across pages. */
export function table(columns: number[], header: (CellSpec | string)[][], body: (CellSpec | string)[][]): Table {
  const rows = [
    ...header.map((r) => new TableRow({ tableHeader: true, cantSplit: true, children: r.map((c, i) => cell(typeof c === 'string' ? { text: c, label: true } : { label: true, ...c }, columns[i])) })),
    ...body.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, columns[i])) })),
  ];
  return new Table({
    rows,
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: columns.map((f) => Math.round(f * CONTENT_WIDTH)),
    layout: TableLayoutType.FIXED,
  });
}

export const pageFooter = (): Footer =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'], size: SIZE.xiaowu, font: SONG }),
        ],
      }),
    ],
  });

export function a4Section(children: ISectionOptions['children'], landscape = false): ISectionOptions {
  return {
    properties: {
      page: {
        size: landscape ? { width: A4.height, height: A4.width, orientation: PageOrientation.LANDSCAPE } : { width: A4.width, height: A4.height },
        margin: { top: A4.marginY, bottom: A4.marginY, left: A4.marginX, right: A4.marginX },
      },
    },
    footers: { default: pageFooter() },
    children,
  };
}

/** Packs a document; title/subject go into the file's metadata, so pass the masked forms only. */
export async function packDocx(meta: { title: string; subject?: string; creator?: string }, sections: ISectionOptions[]): Promise<Buffer> {
  const doc = new Document({
    title: meta.title,
    subject: meta.subject ?? '',
    creator: meta.creator ?? '案卷评查',
    lastModifiedBy: meta.creator ?? '案卷评查',
    styles: { default: { document: { run: { font: SONG, size: SIZE.wuhao } } } },
    sections,
  });
  return Packer.toBuffer(doc);
}
