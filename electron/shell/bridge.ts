/**
 * What the preload exposes as window.dossierApi: one narrow function, never ipcRenderer itself.
 * Pure (the ipc call is injected), so it is tested without Electron.
 */
import { API_METHODS, IPC_CHANNEL } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/define';
import { APP_VERSION } from '../../shared/app-info';

export interface DossierBridge {
  invoke(method: string, input: unknown): Promise<Envelope>;
  readonly version: string;
}

export type IpcInvoke = (channel: string, method: string, input: unknown) => Promise<unknown>;

export function createBridge(ipcInvoke: IpcInvoke): DossierBridge {
  return Object.freeze({
    invoke(method: string, input: unknown): Promise<Envelope> {
      if (typeof method !== 'string' || !API_METHODS.includes(method)) {
        return Promise.resolve({ ok: false, error: { code: 'invalid_argument', message: '未知的接口方法' } });
      }
      return ipcInvoke(IPC_CHANNEL, method, input).then(
        (env) => env as Envelope,
        (err: unknown) => ({
          ok: false as const,
          error: { code: 'internal' as const, message: `主进程未能处理请求：${err instanceof Error ? err.message : String(err)}` },
        }),
      );
    },
    version: APP_VERSION,
  });
}
