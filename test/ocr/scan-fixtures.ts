/** Image-only PDFs for the OCR tests: a scanned dossier, and a file of unreadable pages. */
import { PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { makeBlankPage, makePhotoPage, makeScannedDossierPdf } from '../../electron/core/demo/scans';
import type { DossierPdfSpec } from '../../electron/core/demo/pdfs';

export const SCAN_SPEC: DossierPdfSpec = {
  caseNo: '示市监处罚〔2024〕21号',
  party: '示例样板食品有限公司',
  unit: '示例市市场监督管理局',
  documents: [
    { title: '立案审批表', pages: 1 },
    { title: '行政处罚事先告知书', pages: 2 },
    { title: '行政处罚决定书', pages: 1 },
  ],
};

export const makeScan = () => makeScannedDossierPdf(SCAN_SPEC, { seed: 11, rotatedShare: 0.75 });

/**
 * Three pages nobody can read: a blank sheet, a photo, and an image whose JPEG data is garbage
 * (the file itself is a valid PDF, so it attaches; only that page's picture is broken).
 */
export async function makeUnreadablePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const w = 595.28;
  const h = 841.89;
  for (const jpeg of [await makeBlankPage(), await makePhotoPage()]) {
    const img = await doc.embedJpg(jpeg);
    doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  const garbage = new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 0xff);
  const stream = doc.context.stream(garbage, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: 1240,
    Height: 1754,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 8,
    Filter: 'DCTDecode',
  });
  const ref = doc.context.register(stream);
  const page = doc.addPage([w, h]);
  const name = page.node.newXObject('Im', ref);
  const content = doc.context.stream(`q ${w} 0 0 ${h} 0 0 cm /${name.asString().slice(1)} Do Q`);
  page.node.set(PDFName.of('Contents'), doc.context.register(content));
  void PDFNumber;
  return doc.save();
}
