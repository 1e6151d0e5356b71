// Running from source (the tsx CLI and host, vitest, npm run bench): a worker thread starts without the
// parent's TypeScript loader, so register tsx here before loading the worker. The Electron build loads
// the bundled import-worker.cjs instead and never reads this file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
