/**
 * PdfPrinter over a Chromium binary driven by playwright-core: the loopback host, the CLI, tests and
 * benchmarks print with it (the Electron app uses printToPDF instead, see electron/shell/pdf-printer.ts).
 * One browser and one page are opened on first use and reused (a warm print is mostly layout and
 * font subsetting); prints are queued, one at a time.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AppError } from '../../../shared/errors';
import type { PdfPrinter } from './types';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The page number footer every printed document gets unless the generator gives its own. */
export const DEFAULT_FOOTER =
  '<div style="width:100%;font-size:8pt;font-family:\'SimSun\',\'WenQuanYi Micro Hei\',\'Microsoft YaHei\',\'Noto Sans CJK SC\',sans-serif;text-align:center;color:#333">第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</div>';
const EMPTY_HEADER = '<div></div>';

type PrintOptions = NonNullable<Parameters<PdfPrinter['print']>[1]>;

export interface ChromiumPrinter extends PdfPrinter {
  close(): Promise<void>;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

export function createChromiumPrinter(executablePath = chromiumPath()): ChromiumPrinter {
  let browser: Promise<Browser> | null = null;
  let page: Promise<Page> | null = null;
  // One page prints one document at a time; prints queue up behind each other.
  let queue: Promise<unknown> = Promise.resolve();

  const launch = async (): Promise<Browser> => {
    if (!existsSync(executablePath)) {
      throw new AppError(
        'internal',
        `找不到 Chromium 浏览器（${executablePath}），无法生成 PDF。请安装 Chromium（如 apt-get install chromium），或用环境变量 CHROMIUM_PATH 指定其路径；也可改为导出 Word（DOCX）。`,
        { executablePath },
      );
    }
    // A computed specifier keeps playwright-core out of the Electron bundle, which prints with printToPDF.
    const moduleName = 'playwright-core';
    const { chromium } = (await import(moduleName)) as typeof import('playwright-core');
    const b = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    b.on('disconnected', () => {
      browser = null;
      page = null;
    });
    return b;
  };

  const openPage = async (): Promise<Page> => {
    browser ??= launch();
    const b = await browser;
    const context = await b.newContext({ javaScriptEnabled: false, offline: true });
    const p = await context.newPage();
    // Documents are self-contained: refuse anything that would leave the page.
    await p.route(/^(?!data:|about:)/, (route) => route.abort());
    p.on('crash', () => {
      page = null;
    });
    return p;
  };

  const getPage = (): Promise<Page> => {
    if (!page) {
      page = openPage();
      page.catch(() => {
        page = null;
        browser = null;
      });
    }
    return page;
  };

  const printOnce = async (html: string, options: PrintOptions): Promise<Buffer> => {
    const p = await getPage();
    await p.setContent(html, { waitUntil: 'load' });
    return p.pdf({
      format: 'A4',
      landscape: options.landscape ?? false,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: options.headerTemplate ?? EMPTY_HEADER,
      footerTemplate: options.footerTemplate ?? DEFAULT_FOOTER,
      preferCSSPageSize: true,
      margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' },
      outline: false,
    });
  };

  return {
    print(html, options = {}) {
      const result = queue.then(() => printOnce(html, options));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      const b = browser;
      browser = null;
      page = null;
      if (b) await (await b.catch(() => null))?.close().catch(() => undefined);
    },
  };
}

let shared: ChromiumPrinter | null = null;

/** The process-wide printer (one browser for every export of the process); closed on exit. */
export function sharedChromiumPrinter(): ChromiumPrinter {
  if (!shared) {
    shared = createChromiumPrinter();
    process.once('exit', () => void shared?.close());
  }
  return shared;
}

/** Closes the shared browser (CLI and tests call it so the process can exit). */
export async function closeSharedChromiumPrinter(): Promise<void> {
  const s = shared;
  shared = null;
  await s?.close();
}
