import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument } from 'pdf-lib';
import { PDFJS_ASSETS, hasUsableText, inspectPdf, joinTextItems } from '../../electron/core/pdf/inspect';
import { AppError } from '../../shared/errors';
import {
  dossierPageLines,
  emptyFile,
  makeCMapPdf,
  makeCorruptPdf,
  makeDossierPdf,
  makeEncryptedPdf,
  makeImageOnlyPdf,
  truncatePdf,
  type DossierPdfSpec,
} from '../fixtures/pdfs';

const spec: DossierPdfSpec = {
  caseNo: '示市监处罚〔2024〕15号',
  party: '示例样板食品有限公司',
  unit: '示例市市场监督管理局',
  documents: [
    { title: '立案审批表', pages: 1 },
    { title: '询问笔录', pages: 2 },
    { title: '证据材料', pages: 1, scanned: true },
    { title: '行政处罚决定书', pages: 1, bodyLines: ['当事人：示例样板食品有限公司', '统一社会信用代码：91000000MA00000000', '罚款人民币伍仟元整（¥5,000.00）。'] },
  ],
};

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('inspectPdf on generated dossiers', () => {
  it('reports the page count and extracts the Chinese text of every page exactly', async () => {
    const bytes = await makeDossierPdf(spec);
    const copy = bytes.slice();
    const r = await inspectPdf(bytes, { name: '示例.pdf' });
    expect(r.pageCount).toBe(5);
    expect(r.encrypted).toBe(false);
    expect(r.warnings).toEqual([]);
    const expected = dossierPageLines(spec).map((lines) => lines.join('\n'));
    expect(r.pages.map((p) => p.text)).toEqual(expected);
    expect(r.pages.map((p) => p.pageNo)).toEqual([1, 2, 3, 4, 5]);
    expect(r.pages[0]!.text.split('\n').slice(0, 2)).toEqual(['示例市市场监督管理局', '立案审批表']);
    expect(r.pages[4]!.text).toContain('罚款人民币伍仟元整（¥5,000.00）。');
    // The caller's buffer is not consumed by pdf.js.
    expect(bytes).toEqual(copy);
  });

  it('marks pages without a text layer', async () => {
    const r = await inspectPdf(await makeDossierPdf(spec), { name: 'x.pdf' });
    expect(r.pages.map((p) => p.hasTextLayer)).toEqual([true, true, true, false, true]);
    expect(r.pages[3]!.text).toBe('');
  });

  it('reads an image-only PDF as pages without text', async () => {
    const r = await inspectPdf(await makeImageOnlyPdf(3), { name: 'scan.pdf' });
    expect(r.pageCount).toBe(3);
    expect(r.pages.every((p) => !p.hasTextLayer && p.text === '')).toBe(true);
  });

  it('extracts text in a non-embedded CJK font through the packed cMaps', async () => {
    const r = await inspectPdf(makeCMapPdf(['行政处罚决定书', '示例市市场监督管理局']), { name: 'cmap.pdf' });
    expect(r.pages[0]!.text).toBe('行政处罚决定书\n示例市市场监督管理局');
  });

  it('opens a password-protected file when given the password', async () => {
    const r = await inspectPdf(makeEncryptedPdf({ userPassword: 'secret', text: 'Dossier A-2024-001' }), { name: 'enc.pdf', password: 'secret' });
    expect(r.encrypted).toBe(true);
    expect(r.pages[0]!.text).toBe('Dossier A-2024-001');
  });
});

describe('inspectPdf on bad files', () => {
  it('rejects an empty file', async () => {
    const e = await rejection(inspectPdf(emptyFile(), { name: '空文件.pdf' }));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('空文件.pdf');
    expect(e.message).toContain('空文件');
    expect(e.details).toMatchObject({ reason: 'empty' });
  });

  it('rejects a file that is not a PDF', async () => {
    const e = await rejection(inspectPdf(new TextEncoder().encode('案卷编号,当事人\nA-1,张某\n'), { name: '登记表.csv' }));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('登记表.csv');
    expect(e.details).toMatchObject({ reason: 'not_pdf' });
  });

  it('rejects a corrupt PDF (a PDF header over random bytes)', async () => {
    const e = await rejection(inspectPdf(makeCorruptPdf(), { name: '损坏.pdf' }));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('损坏.pdf');
    expect(e.details).toMatchObject({ reason: 'corrupt' });
  });

  it('rejects a truncated PDF', async () => {
    const e = await rejection(inspectPdf(truncatePdf(await makeDossierPdf(spec)), { name: '截断.pdf' }));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('截断.pdf');
    expect(e.details).toMatchObject({ reason: 'truncated' });
  });

  it('rejects a password-protected PDF without a password, and a wrong password', async () => {
    const bytes = makeEncryptedPdf();
    const e = await rejection(inspectPdf(bytes, { name: '加密.pdf' }));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('加密.pdf');
    expect(e.message).toContain('密码');
    expect(e.details).toMatchObject({ reason: 'encrypted' });
    const wrong = await rejection(inspectPdf(bytes, { name: '加密.pdf', password: 'nope' }));
    expect(wrong.details).toMatchObject({ reason: 'wrong_password' });
  });

  it('the encrypted fixture really is encrypted: pdf.js itself asks for a password', async () => {
    const task = getDocument({ data: makeEncryptedPdf(), ...PDFJS_ASSETS, verbosity: 0 });
    const err = await task.promise.then(
      () => null,
      (e: unknown) => e as { name?: string },
    );
    await task.destroy();
    expect(err?.name).toBe('PasswordException');
  });

  it('rejects a PDF with no pages', async () => {
    // A valid document with an empty page tree (pdf-lib adds a blank page unless told not to).
    const bytes = await (await PDFDocument.create()).save({ addDefaultPage: false });
    const e = await rejection(inspectPdf(bytes, { name: '无页.pdf' }));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('无页.pdf');
    expect(e.details).toMatchObject({ reason: 'no_pages' });
  });

  it('keeps working after bad files (no crash, no leaked state)', async () => {
    await rejection(inspectPdf(makeCorruptPdf(4096, 99), { name: 'a.pdf' }));
    await rejection(inspectPdf(makeEncryptedPdf(), { name: 'b.pdf' }));
    const r = await inspectPdf(await makeDossierPdf({ ...spec, documents: [{ title: '结案报告', pages: 1 }] }), { name: 'c.pdf' });
    expect(r.pages[0]!.text.split('\n')[1]).toBe('结案报告');
  });
});

describe('text helpers', () => {
  it('joins items into lines on hasEOL and on baseline changes', () => {
    const item = (str: string, y: number, hasEOL = false) => ({ str, hasEOL, transform: [12, 0, 0, 12, 60, y], height: 12, width: 10, dir: 'ltr', fontName: 'f' });
    expect(joinTextItems([item('询问', 700), item('笔录', 700), item('第一行', 680), item('A', 660, true), item('B', 660)])).toBe('询问笔录\n第一行\nA\nB');
    expect(joinTextItems([{ type: 'beginMarkedContent' }, item('  ', 700), item('x', 600)])).toBe('x');
  });

  it('needs at least two letters or digits for a usable text layer', () => {
    expect(hasUsableText('')).toBe(false);
    expect(hasUsableText(' . , ')).toBe(false);
    expect(hasUsableText('印')).toBe(false);
    expect(hasUsableText('印章')).toBe(true);
  });
});
