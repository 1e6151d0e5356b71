/**
 * The core's side of the OCR engine: one engine (a worker thread or, in the app, a utility process —
 * see host.ts), one request at a time. The service cancels between pages, so a cancel waits for the
 * page in hand (seconds at most). A worker thread is never terminated while it runs native code
 * (that aborts the whole process); a utility process can be. When the engine ends while a request is
 * in flight (a native crash), every pending request fails with OcrEngineExited and the next request
 * starts a fresh engine.
 */
import { ocrHostOf, workerThreadHost, type OcrHost, type OcrProcess } from './host';
import type { CoreContext } from '../context';
import type { EngineResult, OcrPass, RenderedPage, WorkerRequest, WorkerResponse } from './engine';

/** The engine's thread or process ended while it was reading: the job stops, a retry starts a fresh one. */
export class OcrEngineExited extends Error {
  constructor(readonly code: number | null, readonly detail?: string) {
    super(`文字识别进程意外退出，已停止本次识别；可重试（${detail ? detail : `退出代码 ${code ?? '未知'}`}）`);
    this.name = 'OcrEngineExited';
  }
}

/** A request without its id (Omit over each member of the union). */
type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class OcrWorker {
  private worker: OcrProcess | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Engines given up on (a page over its time limit): stopped once idle, never while busy in a thread. */
  private readonly retired = new Set<OcrProcess>();
  private readonly host: () => OcrHost;

  /** `host`: where to run the engine, asked at each start (the app sets its own after the core opens). */
  constructor(host: () => OcrHost = () => workerThreadHost) {
    this.host = host;
  }

  /** The engine of this core: the host configured for it (configureOcrHost), else a worker thread. */
  static of(ctx: CoreContext): OcrWorker {
    return new OcrWorker(() => ocrHostOf(ctx));
  }

  /** The file the engine starts from, under the current host. */
  entry(): string {
    return this.host().entry();
  }

  private spawn(): OcrProcess {
    if (this.worker) return this.worker;
    const w = this.host().start();
    w.onMessage((res: WorkerResponse) => {
      if (this.retired.has(w)) {
        // Its late answer means it is idle now: safe to stop.
        this.retired.delete(w);
        void w.terminate();
        return;
      }
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      if (res.ok) p.resolve(res.value);
      else p.reject(new Error(res.error));
    });
    w.onExit((code, detail) => {
      this.retired.delete(w);
      if (this.worker !== w) return;
      this.worker = null;
      const err = new OcrEngineExited(code, detail);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
    this.worker = w;
    return w;
  }

  /**
   * One request. A timeout gives up on the request and on this engine (the next request starts a
   * fresh one). A utility process is killed at once; a worker thread is not terminated while it may
   * be inside onnxruntime or libvips — terminating a thread in native code aborts the whole process —
   * but as soon as it answers.
   */
  private request<T>(req: RequestBody, timeout?: AbortSignal): Promise<T> {
    const w = this.spawn();
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const onTimeout = () => {
        if (!this.pending.delete(id)) return;
        if (this.worker === w) this.worker = null;
        if (w.killableWhileBusy) void w.terminate();
        else this.retired.add(w);
        reject(new Error('timeout'));
      };
      if (timeout?.aborted) return reject(new Error('timeout'));
      timeout?.addEventListener('abort', onTimeout, { once: true });
      this.pending.set(id, {
        resolve: (v) => {
          timeout?.removeEventListener('abort', onTimeout);
          resolve(v as T);
        },
        reject: (e) => {
          timeout?.removeEventListener('abort', onTimeout);
          reject(e);
        },
      });
      w.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  warmup(timeout?: AbortSignal): Promise<boolean> {
    return this.request({ op: 'warmup' }, timeout);
  }

  render(path: string, pageNo: number, timeout?: AbortSignal): Promise<RenderedPage> {
    return this.request({ op: 'render', path, pageNo }, timeout);
  }

  recognise(pass: OcrPass, timeout?: AbortSignal): Promise<EngineResult> {
    return this.request({ op: 'recognise', pass }, timeout);
  }

  get alive(): boolean {
    return this.worker !== null;
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Stops the engine. A thread busy in native code is only retired (stopped when it answers). */
  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    if (this.pending.size && !w.killableWhileBusy) {
      this.retired.add(w);
      return;
    }
    for (const p of this.pending.values()) p.reject(new Error('文字识别已停止'));
    this.pending.clear();
    await w.terminate();
  }
}
