/**
 * The app's native file dialogs, a shell capability beside the API contract (not part of it: over
 * HTTP there is no such thing, the browser keeps its <input type=file> and typed paths). The preload
 * exposes it as window.dossierShell only in Electron; the main process validates every request and
 * answers only the main window (electron/shell/dialogs.ts). Types and the channel name only: the
 * sandboxed preload bundles this file and must stay small.
 */
export const DIALOG_CHANNEL = 'dossier-review:dialog';

export interface FileFilter {
  /** Shown in the dialog, e.g. "PDF 文件". */
  name: string;
  /** Without the dot, e.g. ["pdf"]. */
  extensions: string[];
}

export interface OpenFilesOptions {
  title?: string;
  filters?: FileFilter[];
  /** More than one file may be chosen (default false). */
  multiple?: boolean;
}

export interface SaveFileOptions {
  title?: string;
  /** A suggested file name (no folder): the dialog opens in Documents with it filled in. */
  defaultName?: string;
  filters?: FileFilter[];
}

export interface OpenDirectoryOptions {
  title?: string;
}

export type DialogRequest =
  | ({ kind: 'openFiles' } & OpenFilesOptions)
  | ({ kind: 'saveFile' } & SaveFileOptions)
  | ({ kind: 'openDirectory' } & OpenDirectoryOptions);

/** Absolute paths on this computer; empty when the user cancelled. */
export interface DialogResult {
  canceled: boolean;
  paths: string[];
}

/** Answer of the dialog channel: the result, or why the request was refused (Chinese). */
export type DialogEnvelope = { ok: true; value: DialogResult } | { ok: false, error: { code: string; message: string } };

/** window.dossierShell.dialog: each call rejects with the refusal's message. */
export interface NativeDialogs {
  openFiles(options?: OpenFilesOptions): Promise<DialogResult>;
  saveFile(options?: SaveFileOptions): Promise<DialogResult>;
  openDirectory(options?: OpenDirectoryOptions): Promise<DialogResult>;
}
