/**
 * The app's printer over Electron's printToPDF, against a stand-in for the electron module: a hidden,
 * offscreen, sandboxed window without node or scripts, A4 with the page-number footer, a session that
 * refuses the network, and no temporary HTML file left behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const temp = mkdtempSync(join(tmpdir(), 'dossier-electron-print-'));
const seen = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; loaded: string | null; html: string | null; destroyed: boolean; printOptions: Record<string, unknown> | null }[],
  filter: null as null | ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  partitions: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    record: (typeof seen.windows)[number];
    webContents: { printToPDF: (o: Record<string, unknown>) => Promise<Uint8Array> };
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: null, html: null, destroyed: false, printOptions: null };
      seen.windows.push(this.record);
      this.webContents = {
        printToPDF: async (o) => {
          this.record.printOptions = o;
          return new TextEncoder().encode('%PDF-1.7 stand-in');
        },
      };
    }
    async loadFile(path: string) {
      this.record.loaded = path;
      this.record.html = readFileSync(path, 'utf8');
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  const session = {
    fromPartition: (name: string) => {
      seen.partitions.push(name);
      return {
        webRequest: { onBeforeRequest: (fn: typeof seen.filter) => (seen.filter = fn) },
        setPermissionRequestHandler: () => undefined,
      };
    },
  };
  return { app: { getPath: () => temp }, BrowserWindow, session, default: { app: { getPath: () => temp }, BrowserWindow, session } };
});

const { createElectronPrinter } = await import('../../electron/shell/pdf-printer');

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('Electron printToPDF printer', () => {
  it('prints the HTML in a locked-down hidden window, A4 with page numbers, and cleans up', async () => {
    const printer = createElectronPrinter();
    const pdf = await printer.print('<!doctype html><p>行政执法案卷评查表</p>');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [w] = seen.windows;
    expect(w.options).toMatchObject({ show: false });
    expect(w.options.webPreferences).toMatchObject({ offscreen: true, sandbox: true, nodeIntegration: false, contextIsolation: true, javascript: false });
    expect(w.html).toContain('行政执法案卷评查表');
    expect(w.printOptions).toMatchObject({ pageSize: 'A4', landscape: false, printBackground: true, displayHeaderFooter: true, preferCSSPageSize: true });
    expect(String(w.printOptions!.footerTemplate)).toContain('pageNumber');
    expect(String(w.printOptions!.footerTemplate)).toContain('totalPages');
    expect(w.destroyed).toBe(true);
    expect(existsSync(w.loaded!)).toBe(false);
    expect(seen.partitions[0]).toBe('dossier-review-print');

    const decide = (url: string) => new Promise<boolean>((resolve) => seen.filter!({ url }, (r) => resolve(r.cancel)));
    expect(await decide('https://example.com/font.woff2')).toBe(true);
    expect(await decide('file:///etc/passwd')).toBe(true);
    expect(await decide(`file:///etc/passwd?${w.loaded}`)).toBe(true);
    expect(await decide('data:image/png;base64,AAAA')).toBe(false);
    expect(await decide(`file://${w.loaded}`)).toBe(false);

    await printer.print('<p>横向</p>', { landscape: true });
    expect(seen.windows[1].printOptions).toMatchObject({ landscape: true });
  });
});
