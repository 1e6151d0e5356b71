/**
 * The app's PdfPrinter: Chromium's own print engine through Electron's printToPDF. Each print loads
 * the self-contained HTML from a private temporary file into a hidden, offscreen, sandboxed window
 * without node or scripts, in its own session that refuses every network request.
 */
import { app, BrowserWindow, session } from 'electron';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FOOTER } from '../core/export/chromium-printer';
import type { PdfPrinter } from '../core/export/types';

const PRINT_PARTITION = 'dossier-review-print';
const MM_PER_INCH = 25.4;

/** Inline data, or a file inside the printer's own temporary folder. */
function isOwnResource(url: string, folder: string | null): boolean {
  if (url.startsWith('data:')) return true;
  if (!folder || !url.startsWith('file:')) return false;
  try {
    return fileURLToPath(url).startsWith(folder + sep);
  } catch {
    return false;
  }
}

export function createElectronPrinter(): PdfPrinter {
  let folder: string | null = null;
  let sessionReady = false;

  const printSession = () => {
    const ses = session.fromPartition(PRINT_PARTITION, { cache: false });
    if (!sessionReady) {
      // Only the document's own file (and inline data) may load: no network, no other files.
      ses.webRequest.onBeforeRequest((details, callback) => {
        callback({ cancel: !isOwnResource(details.url, folder) });
      });
      ses.setPermissionRequestHandler((_c, _p, cb) => cb(false));
      sessionReady = true;
    }
    return ses;
  };

  return {
    async print(html, options = {}) {
      folder ??= mkdtempSync(join(app.getPath('temp'), 'dossier-review-print-'));
      const file = join(folder, `${randomUUID()}.html`);
      writeFileSync(file, html, 'utf8');
      const win = new BrowserWindow({
        show: false,
        width: 794,
        height: 1123,
        webPreferences: {
          offscreen: true,
          sandbox: true,
          nodeIntegration: false,
          contextIsolation: true,
          javascript: false,
          webSecurity: true,
          session: printSession(),
          spellcheck: false,
        },
      });
      try {
        await win.loadFile(file);
        const pdf = await win.webContents.printToPDF({
          pageSize: 'A4',
          landscape: options.landscape ?? false,
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: options.headerTemplate ?? '<div></div>',
          footerTemplate: options.footerTemplate ?? DEFAULT_FOOTER,
          preferCSSPageSize: true,
          margins: { top: 18 / MM_PER_INCH, bottom: 18 / MM_PER_INCH, left: 16 / MM_PER_INCH, right: 16 / MM_PER_INCH },
          generateTaggedPDF: true,
        });
        return Buffer.from(pdf);
      } finally {
        win.destroy();
        rmSync(file, { force: true });
      }
    },
  };
}
