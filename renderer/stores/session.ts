/** Who is at the keyboard in this window or tab (the core keeps it; this mirrors it for the screens). */
import { create } from 'zustand';
import type { SessionState } from '../../shared/api/namespaces/session';
import { getApi } from '../api';

interface SessionStore {
  state: SessionState | null;
  load(): Promise<void>;
  /** Throws the API's AppError (a wrong PIN…) so the dialog can show it inline. */
  choose(reviewerId: string, pin?: string): Promise<void>;
  leave(): Promise<void>;
}

export const useSessionStore = create<SessionStore>((set) => ({
  state: null,
  load: async () => {
    try {
      set({ state: await getApi().session.current({}) });
    } catch {
      set({ state: { reviewer: null, available: false } });
    }
  },
  choose: async (reviewerId, pin) => {
    set({ state: await getApi().session.choose({ reviewerId, ...(pin ? { pin } : {}) }) });
  },
  leave: async () => {
    set({ state: await getApi().session.leave({}) });
  },
}));

export const selectSessionReviewer = (s: SessionStore) => s.state?.reviewer ?? null;
