import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The file a worker thread starts from. Running from source (tsx, vitest), `source` beside the calling
 * module; in the Electron bundle (main.cjs, where import.meta.url is the bundle's own URL) the
 * separately bundled `bundled` file next to it (see scripts/build-electron.mjs).
 */
export function workerEntryBeside(callerUrl: string, source: string, bundled: string): string {
  const here = fileURLToPath(callerUrl);
  const dir = dirname(here);
  const fromSource = join(dir, source);
  if (!here.endsWith('.cjs') && existsSync(fromSource)) return fromSource;
  return join(dir, bundled);
}
