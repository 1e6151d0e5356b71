/**
 * Where things live when the app runs outside Electron. The default store path is the same folder
 * name ("Dossier Review") Electron's userData would use, so `npm run serve` and the desktop app can
 * share one database when main.ts points userData there.
 */
import { homedir } from 'node:os';
import { dirname, join, posix, resolve, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_DIR_NAME = 'Dossier Review';
export const STORE_FILE_NAME = 'store.sqlite';

/** Per-user data folder: %APPDATA% (Windows), ~/Library/Application Support (macOS), $XDG_DATA_HOME or ~/.local/share (Linux). */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return posix.join(env.XDG_DATA_HOME || posix.join(home, '.local', 'share'), APP_DIR_NAME);
}

export function defaultStorePath(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv, home?: string): string {
  const p = platform ?? process.platform;
  return (p === 'win32' ? win32 : posix).join(defaultDataDir(p, env, home), STORE_FILE_NAME);
}

/** The repository root, found from this file (electron/host/paths.ts) so it works from any cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built renderer that `vite build` writes. */
/** DOSSIER_RENDERER_DIR lets parallel work build and test separate renderer copies. */
export const RENDERER_DIST = process.env.DOSSIER_RENDERER_DIR ?? join(REPO_ROOT, 'dist', 'renderer');
