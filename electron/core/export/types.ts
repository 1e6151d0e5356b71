/**
 * The seam between the export pipeline (job, temp file + rename, download) and the documents it
 * writes. Each document kind is one generator; the pipeline never knows how a sheet or a
 * bulletin is laid out, and a generator never touches the target path.
 */
import type { ExportFormat, ExportKind } from '../../../shared/domain/export/kinds';
import type { MaskOptions } from '../../../shared/domain/export/mask';
import type { CoreContext } from '../context';
import type { JobControl } from '../jobs';

export type { ExportFormat, ExportKind };

export interface ExportRequest {
  campaignId: string;
  kind: ExportKind;
  format: ExportFormat;
  /** sheet, blank: one dossier. */
  dossierId?: string;
  /** sheet: print this review (one reviewer's own) instead of the dossier's final result. */
  reviewId?: string;
  /** summary, notice: one unit (absent: every unit, one section each). */
  unitId?: string;
  mask: MaskOptions;
}

/** Chromium's print engine: Electron's printToPDF in the app, page.pdf() in the loopback host, CLI and tests. */
export interface PdfPrinter {
  /** A complete HTML document (inline CSS, inline SVG, no remote resources) → A4 PDF bytes. */
  print(html: string, options?: { landscape?: boolean; headerTemplate?: string; footerTemplate?: string }): Promise<Buffer>;
}

export interface ExportEnv {
  ctx: CoreContext;
  printer: PdfPrinter;
  /** Progress and cancellation; generators call control.yieldToLoop() between chunks of work. */
  control: JobControl;
}

export interface ExportOutput {
  bytes: Buffer;
  /** Suggested file name, already masked where the request masks personal data. */
  fileName: string;
  mime: string;
}

export type ExportGenerator = (request: ExportRequest, env: ExportEnv) => Promise<ExportOutput>;
