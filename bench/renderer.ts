import { join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT, RENDERER_DIST } from '../electron/host/paths';

let built: Promise<string> | null = null;

/**
 * The renderer of the current sources, built once per bench run for every case that drives Chromium
 * (next dossier, PDF viewer), whichever runs first. It goes to RENDERER_DIST, which scripts/bench.mjs
 * points (DOSSIER_RENDERER_DIR) at dist/bench/renderer: the bench neither depends on a stale
 * dist/renderer nor overwrites the app's.
 */
export function benchRenderer(): Promise<string> {
  built ??= (async () => {
    process.stderr.write(`  building the renderer into ${RENDERER_DIST}…\n`);
    await build({ configFile: join(REPO_ROOT, 'vite.config.ts'), root: join(REPO_ROOT, 'renderer'), logLevel: 'warn', build: { outDir: RENDERER_DIST, emptyOutDir: true } });
    return RENDERER_DIST;
  })();
  return built;
}
