/**
 * The OCR engine as an Electron utility process (bundled to dist/electron/ocr-utility.cjs and
 * started by electron/shell/ocr-utility-host.ts). Same protocol as the worker thread — one request
 * in, one answer out — over the utility process's parentPort, so a native crash ends this process
 * and not the app. Imports nothing from electron: `process.parentPort` is how Electron hands a
 * utility process its channel to the main process.
 */
import { answerRequest, type WorkerRequest, type WorkerResponse } from './engine';

interface ParentPort {
  on(event: 'message', fn: (e: { data: WorkerRequest }) => void): void;
  postMessage(message: WorkerResponse): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!port) throw new Error('ocr-utility: 只能作为 Electron utilityProcess 运行（没有 process.parentPort）');
// One request at a time (the core waits for each answer), so answers go back in order.
port.on('message', (e) => {
  void answerRequest(e.data).then((res) => port.postMessage(res));
});
