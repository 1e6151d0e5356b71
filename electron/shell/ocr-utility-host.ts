/**
 * The app's OCR host: the engine runs in an Electron utility process (a separate OS process started
 * from dist/electron/ocr-utility.cjs), so a native crash in onnxruntime, libvips or Skia ends that
 * process, fails the OCR run with a clear message, and the next run forks a fresh one. The fork
 * function is passed in (main.ts hands it `utilityProcess.fork`) so this file needs no electron import.
 */
import type { OcrHost, OcrProcess } from '../core/ocr/host';
import type { WorkerRequest, WorkerResponse } from '../core/ocr/engine';

/** The part of Electron's UtilityProcess this host uses. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', fn: (message: WorkerResponse) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  kill(): boolean;
}

export type ForkUtility = (modulePath: string, args: string[], options: { serviceName: string; stdio: 'inherit' | 'ignore' }) => UtilityProcessLike;

export const OCR_UTILITY_FILE = 'ocr-utility.cjs';

export function createUtilityOcrHost(fork: ForkUtility, entryFile: string): OcrHost {
  return {
    entry: () => entryFile,
    start(): OcrProcess {
      const child = fork(entryFile, [], { serviceName: '文字识别', stdio: 'inherit' });
      let exited = false;
      let exitWaiters: (() => void)[] = [];
      const exitListeners: ((code: number | null, detail?: string) => void)[] = [];
      child.on('exit', (code) => {
        exited = true;
        for (const fn of exitListeners) fn(code);
        for (const done of exitWaiters) done();
        exitWaiters = [];
      });
      return {
        killableWhileBusy: true,
        postMessage: (req: WorkerRequest) => child.postMessage(req),
        onMessage: (fn) => void child.on('message', fn),
        onExit: (fn) => void exitListeners.push(fn),
        terminate: () =>
          exited
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                exitWaiters.push(resolve);
                if (!child.kill()) resolve();
              }),
      };
    },
  };
}
