/**
 * The app's native file dialogs (window.dossierShell.dialog, exposed by the preload in Electron only;
 * shared/shell-dialog.ts). In the browser there are none: screens keep <input type=file> and typed paths.
 */
import type { FileFilter, NativeDialogs } from '../shared/shell-dialog';

export function nativeDialogs(): NativeDialogs | null {
  return typeof window !== 'undefined' && window.dossierShell?.dialog ? window.dossierShell.dialog : null;
}

export const PDF_FILTER: FileFilter = { name: 'PDF 文件', extensions: ['pdf'] };
export const TABLE_FILTER: FileFilter = { name: '表格（CSV / XLSX）', extensions: ['csv', 'xlsx'] };
export const PACKAGE_FILTER: FileFilter = { name: '评查包（.drpkg，分卷选 .001）', extensions: ['drpkg', '001'] };

/** The file name of a path from this computer (either separator). */
export const baseName = (path: string): string => path.split(/[\\/]/).filter(Boolean).pop() ?? path;
