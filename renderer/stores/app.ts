/** App-wide UI state: current route, toasts, connection state and the store's health. */
import { create } from 'zustand';
import type { SystemInfo } from '../../shared/api/namespaces/system';
import { errorMessage, getApi } from '../api';
import { parseRoute, type RouteId } from '../router';

export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

interface AppState {
  route: RouteId;
  toasts: Toast[];
  /** Set when the host refused our token (or there is none): the whole UI shows how to reconnect. */
  unauthorized: boolean;
  info: SystemInfo | null;
  infoError: string | null;
  setRoute(route: RouteId): void;
  toast(kind: ToastKind, text: string): void;
  dismissToast(id: number): void;
  setUnauthorized(v: boolean): void;
  loadInfo(): Promise<void>;
}

let nextToastId = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const useAppStore = create<AppState>()((set, get) => ({
  route: parseRoute(window.location.hash),
  toasts: [],
  unauthorized: false,
  info: null,
  infoError: null,
  setRoute: (route) => set({ route }),
  toast: (kind, text) => {
    const id = nextToastId++;
    set((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, text }] }));
    // Errors stay until dismissed; confirmations fade after a while.
    if (kind !== 'error') timers.set(id, setTimeout(() => get().dismissToast(id), 5000));
  },
  dismissToast: (id) => {
    clearTimeout(timers.get(id));
    timers.delete(id);
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  setUnauthorized: (unauthorized) => set({ unauthorized }),
  loadInfo: async () => {
    try {
      const info = await getApi().system.info({});
      set({ info, infoError: null });
    } catch (err) {
      set({ infoError: errorMessage(err) });
    }
  },
}));
