/**
 * The one per-user folder for the store, shared by the desktop app (main.ts sets Electron's userData
 * to it) and `npm run serve`, so both open the same database. It is the folder Electron itself uses
 * for userData: %APPDATA%\Dossier Review (Windows), ~/Library/Application Support/Dossier Review
 * (macOS), $XDG_CONFIG_HOME/Dossier Review or ~/.config/Dossier Review (Linux). No electron import
 * and no import.meta: the CommonJS main bundle uses it too.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const APP_DIR_NAME = 'Dossier Review';
export const STORE_FILE_NAME = 'store.sqlite';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_DIR_NAME);
}

export function defaultStorePath(platform: NodeJS.Platform = process.platform, env?: NodeJS.ProcessEnv, home?: string): string {
  return (platform === 'win32' ? win32 : posix).join(defaultDataDir(platform, env, home), STORE_FILE_NAME);
}

/**
 * Where `npm run serve` kept the store on Linux before it shared the app's folder
 * ($XDG_DATA_HOME or ~/.local/share). Null on other systems, where the two always agreed.
 */
export function legacyServeStorePath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = homedir()): string | null {
  if (platform === 'win32' || platform === 'darwin') return null;
  return posix.join(env.XDG_DATA_HOME || posix.join(home, '.local', 'share'), APP_DIR_NAME, STORE_FILE_NAME);
}
