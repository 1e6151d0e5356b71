/** Reading exported files back: PDF text and metadata with pdf.js, DOCX parts with JSZip. */
import JSZip from 'jszip';
import { inspectPdf } from '../../electron/core/pdf/inspect';

export async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; all: string }> {
  const r = await inspectPdf(new Uint8Array(bytes), { name: 'export.pdf' });
  const pages = r.pages.map((p) => p.text);
  return { pages, all: pages.join('\n') };
}

export async function pdfMetadata(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes) });
  const doc = await task.promise;
  const meta = await doc.getMetadata();
  await task.destroy();
  return JSON.stringify(meta.info) + (meta.metadata ? JSON.stringify([...meta.metadata]) : '');
}

/** Every XML part of a DOCX (document, header/footer, core and app properties). */
export async function docxParts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) parts.set(name, await entry.async('string'));
  return parts;
}

/** The document's paragraphs' text (w:t runs joined per w:p), in order. */
export function docxParagraphs(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1])).join(''));
}

/** Table rows as arrays of cell texts. */
export function docxRows(documentXml: string): string[][] {
  return [...documentXml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => docxParagraphs(c[0]).join('\n')),
  );
}

const decodeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The value in every encoding a file could carry it in: UTF-8, UTF-16BE/LE and hex of those. */
export function encodingsOf(value: string): Buffer[] {
  const utf8 = Buffer.from(value, 'utf8');
  const le = Buffer.from(value, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [utf8, le, be, Buffer.from(utf8.toString('hex')), Buffer.from(utf8.toString('hex').toUpperCase()), Buffer.from(be.toString('hex')), Buffer.from(be.toString('hex').toUpperCase())];
}

export const containsAnyEncoding = (haystack: Buffer, value: string): boolean => encodingsOf(value).some((needle) => haystack.includes(needle));
