/**
 * Preload of the main window (sandboxed, bundled to CommonJS by scripts/build-electron.mjs).
 * Exposes exactly one object, window.dossierApi = { invoke(method, input), version }; the method
 * name is checked against API_METHODS here and again in the main process. ipcRenderer itself is
 * never exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './shell/bridge';

contextBridge.exposeInMainWorld(
  'dossierApi',
  createBridge((channel, method, input) => ipcRenderer.invoke(channel, method, input)),
);
