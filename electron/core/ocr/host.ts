/**
 * Where the OCR engine runs. The OCR service talks to an "OCR host", never to a transport: under
 * plain Node (serve, CLI, tests) the host is a worker thread of this process; in the app
 * electron/main.ts injects a host that runs the engine in an Electron utility process
 * (electron/shell/ocr-utility-host.ts), so a native crash in onnxruntime, libvips or Skia ends that
 * process only, not the app.
 */
import { Worker } from 'node:worker_threads';
import { workerEntryBeside } from '../worker-entry';
import type { CoreContext } from '../context';
import type { WorkerRequest, WorkerResponse } from './engine';

/** One running engine (a thread or a process): requests in, answers out, one exit at most. */
export interface OcrProcess {
  postMessage(req: WorkerRequest): void;
  onMessage(fn: (res: WorkerResponse) => void): void;
  /** It ended: crashed, killed, or stopped by terminate(). `detail` says why when known. */
  onExit(fn: (code: number | null, detail?: string) => void): void;
  /** Stops it; resolves once it is gone. */
  terminate(): Promise<void>;
  /**
   * Whether stopping it while it runs native code is safe. A worker thread terminated inside
   * onnxruntime or libvips aborts the whole process; a separate process can be killed any time.
   */
  readonly killableWhileBusy: boolean;
}

export interface OcrHost {
  /** The file the engine starts from (checked before a run: a missing file is a broken installation). */
  entry(): string;
  start(): OcrProcess;
}

/** The engine's worker-thread entry: engine.ts from source, ocr-worker.cjs beside the bundle. */
export const workerThreadEntry = (): string => workerEntryBeside(import.meta.url, 'engine.ts', 'ocr-worker.cjs');

/** The default host: a worker thread of this process, unref'd so it never keeps a CLI or test alive. */
export const workerThreadHost: OcrHost = {
  entry: workerThreadEntry,
  start(): OcrProcess {
    const w = new Worker(workerThreadEntry(), { workerData: { dossierOcrWorker: true } });
    w.unref();
    return {
      killableWhileBusy: false,
      postMessage: (req) => w.postMessage(req),
      onMessage: (fn) => void w.on('message', fn),
      onExit(fn) {
        let reported = false;
        const once = (code: number | null, detail?: string) => {
          if (reported) return;
          reported = true;
          fn(code, detail);
        };
        // An uncaught error ends the thread; report it with its message rather than the bare exit code.
        w.on('error', (err) => once(1, err instanceof Error ? err.message : String(err)));
        w.on('exit', (code) => once(code));
      },
      terminate: async () => {
        await w.terminate();
      },
    };
  },
};

const hosts = new WeakMap<CoreContext, OcrHost>();

/** The app's shell sets its own host (a utility process) right after opening the core. */
export function configureOcrHost(ctx: CoreContext, host: OcrHost): void {
  hosts.set(ctx, host);
}

export function ocrHostOf(ctx: CoreContext): OcrHost {
  return hosts.get(ctx) ?? workerThreadHost;
}
