/**
 * The main-thread side of the OCR worker: one worker thread, one request at a time. Cancelling waits
 * for the page in hand (seconds at most): a worker thread must never be terminated while it runs
 * native code. The worker is unref'd: it never keeps a CLI or test process alive on its own.
 */
import { Worker } from 'node:worker_threads';
import { workerEntryBeside } from '../worker-entry';
import type { EngineResult, OcrPass, RenderedPage, WorkerRequest, WorkerResponse } from './engine';

/** engine.ts has no relative imports, so Node runs it from source by stripping its types. */
export const workerEntry = (): string => workerEntryBeside(import.meta.url, 'engine.ts', 'ocr-worker.cjs');

/** A request without its id (Omit over each member of the union). */
type RequestBody = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class OcrWorker {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();
  /** Workers given up on (a page over its time limit): terminated once idle, never while busy. */
  private readonly retired = new Set<Worker>();

  private spawn(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(workerEntry(), { workerData: { dossierOcrWorker: true } });
    w.unref();
    w.on('message', (res: WorkerResponse) => {
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
    const failAll = (err: Error) => {
      this.retired.delete(w);
      if (this.worker !== w) return;
      this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', (err) => failAll(err instanceof Error ? err : new Error(String(err))));
    w.on('exit', (code) => failAll(new Error(`识别进程已退出（代码 ${code}）`)));
    this.worker = w;
    return w;
  }

  /**
   * One request. A timeout gives up on the request and on this worker (the next request starts a
   * fresh one); the old worker is not terminated while it may be inside onnxruntime or libvips —
   * terminating a thread in native code aborts the whole process — but as soon as it answers.
   */
  private request<T>(req: RequestBody, timeout?: AbortSignal): Promise<T> {
    const w = this.spawn();
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const onTimeout = () => {
        if (!this.pending.delete(id)) return;
        if (this.worker === w) this.worker = null;
        this.retired.add(w);
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

  /** Stops the worker. Only call when no request is in flight (see request()). */
  async terminate(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w && !this.pending.size) await w.terminate();
    else if (w) this.retired.add(w);
  }
}
