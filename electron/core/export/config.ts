/**
 * What the export pipeline needs from its host process, per core: the PDF printer (Electron's
 * printToPDF in the app, Chromium via playwright-core elsewhere) and, in Electron, the save dialog.
 * Kept beside the core context (a WeakMap) so CoreContext stays unaware of exports.
 */
import type { CoreContext } from '../context';
import { sharedChromiumPrinter } from './chromium-printer';
import type { PdfPrinter } from './types';

export interface ExportHostConfig {
  printer: PdfPrinter;
  /**
   * Asks the user where to save (Electron's save dialog); null = the user cancelled. Absent in the
   * loopback host, where exports go to the download folder instead.
   */
  chooseSavePath?: (suggestedName: string) => Promise<string | null>;
}

const configs = new WeakMap<CoreContext, Partial<ExportHostConfig>>();

export function configureExports(ctx: CoreContext, config: Partial<ExportHostConfig>): void {
  configs.set(ctx, { ...configs.get(ctx), ...config });
}

export function exportConfig(ctx: CoreContext): ExportHostConfig {
  const c = configs.get(ctx) ?? {};
  return { printer: c.printer ?? sharedChromiumPrinter(), ...(c.chooseSavePath ? { chooseSavePath: c.chooseSavePath } : {}) };
}
