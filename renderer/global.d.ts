import type { Envelope } from '../shared/api/define';
import type { NativeDialogs } from '../shared/shell-dialog';

declare global {
  interface Window {
    /** Exposed by electron/preload.ts via contextBridge; absent in an ordinary browser. */
    dossierApi?: {
      invoke(method: string, input: unknown): Promise<Envelope>;
    };
    /** The native file dialogs, exposed by electron/preload.ts in the app only (renderer/native-dialogs.ts). */
    dossierShell?: { dialog: NativeDialogs };
  }
}

export {};
