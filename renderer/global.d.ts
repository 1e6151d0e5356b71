import type { Envelope } from '../shared/api/define';

declare global {
  interface Window {
    /** Exposed by electron/preload.ts via contextBridge; absent in an ordinary browser. */
    dossierApi?: {
      invoke(method: string, input: unknown): Promise<Envelope>;
    };
  }
}

export {};
