/**
 * The renderer's CSP lets pdf.js compile its WebAssembly decoders (JPEG 2000, JBIG2) in the page and
 * in a worker, and still refuses eval(): 'wasm-unsafe-eval', nothing broader.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

/** The smallest valid WebAssembly module: magic number and version. */
const EMPTY_WASM = [0, 97, 115, 109, 1, 0, 0, 0];

describe('CSP and WebAssembly', () => {
  it('compiles WebAssembly in the page and in a worker, still refuses eval', async () => {
    app = await startApp({ dbPath: join(tempDir(), 'store.sqlite') });
    const { page } = app;
    const result = await page.evaluate(async (bytes) => {
      const out: Record<string, string> = {};
      try {
        await WebAssembly.compile(new Uint8Array(bytes));
        out.page = 'compiled';
      } catch (err) {
        out.page = String(err);
      }
      out.evalProbe = await new Promise<string>((resolve) => {
        const onViolation = (e: SecurityPolicyViolationEvent) => resolve(`blocked:${e.effectiveDirective}`);
        document.addEventListener('securitypolicyviolation', onViolation, { once: true });
        window.setTimeout(() => resolve('no-violation'), 2000);
        // page.evaluate itself is exempt from the CSP; a timer given a string is checked like eval().
        (window.setTimeout as unknown as (code: string, ms: number) => void)('window.__evalRan = true', 0);
      });
      out.evalRan = String((window as unknown as { __evalRan?: boolean }).__evalRan === true);
      const worker = new Worker(
        URL.createObjectURL(
          new Blob(
            [
              `WebAssembly.compile(new Uint8Array(${JSON.stringify(bytes)})).then(() => postMessage('compiled'), (e) => postMessage(String(e)));`,
            ],
            { type: 'text/javascript' },
          ),
        ),
      );
      out.worker = await new Promise<string>((resolve) => {
        worker.onmessage = (e) => resolve(String(e.data));
        worker.onerror = (e) => resolve(`error:${e.message}`);
      });
      worker.terminate();
      return out;
    }, EMPTY_WASM);
    expect(result.page).toBe('compiled');
    expect(result.worker).toBe('compiled');
    expect(result.evalProbe).toBe('blocked:script-src');
    expect(result.evalRan).toBe('false');
  });
});
