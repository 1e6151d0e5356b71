/** Where things live when the app runs outside Electron. The store folder is the app's own (./../core/data-dir.ts). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { APP_DIR_NAME, STORE_FILE_NAME, defaultDataDir, defaultStorePath, legacyServeStorePath } from '../core/data-dir';

/** The repository root, found from this file (electron/host/paths.ts) so it works from any cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built renderer that `vite build` writes. */
/** DOSSIER_RENDERER_DIR lets parallel work build and test separate renderer copies. */
export const RENDERER_DIST = process.env.DOSSIER_RENDERER_DIR ?? join(REPO_ROOT, 'dist', 'renderer');
