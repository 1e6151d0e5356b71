/**
 * What the preload exposes as window.dossierShell: the native file dialogs (shared/shell-dialog.ts),
 * one narrow function each, never ipcRenderer. Pure (the ipc call is injected), tested without Electron.
 */
import { DIALOG_CHANNEL, type DialogEnvelope, type DialogRequest, type DialogResult, type NativeDialogs } from '../../shared/shell-dialog';

export type DialogInvoke = (channel: string, request: DialogRequest) => Promise<unknown>;

export function createShellBridge(ipcInvoke: DialogInvoke): { readonly dialog: NativeDialogs } {
  const ask = async (request: DialogRequest): Promise<DialogResult> => {
    const env = (await ipcInvoke(DIALOG_CHANNEL, request)) as DialogEnvelope;
    if (!env.ok) throw new Error(env.error.message);
    return env.value;
  };
  return Object.freeze({
    dialog: Object.freeze({
      openFiles: (options = {}) => ask({ ...options, kind: 'openFiles' }),
      saveFile: (options = {}) => ask({ ...options, kind: 'saveFile' }),
      openDirectory: (options = {}) => ask({ ...options, kind: 'openDirectory' }),
    } satisfies NativeDialogs),
  });
}
