/**
 * Preload of the main window (sandboxed, bundled to CommonJS by scripts/build-electron.mjs).
 * Exposes window.dossierApi = { invoke(method, input), version } — the method name is checked
 * against API_METHODS here and again in the main process — and window.dossierShell = { dialog }, the
 * native file dialogs (validated, and answered for the main window only, in the main process).
 * ipcRenderer itself is never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './shell/bridge';
import { createShellBridge } from './shell/dialog-bridge';

contextBridge.exposeInMainWorld(
  'dossierApi',
  createBridge((channel, method, input) => ipcRenderer.invoke(channel, method, input)),
);
contextBridge.exposeInMainWorld(
  'dossierShell',
  createShellBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);
