/** Campaigns: the list, CRUD through the API, and the current campaign (remembered in localStorage). */
import { create } from 'zustand';
import type { Campaign, CampaignCreate, CampaignUpdate } from '../../shared/api/namespaces/campaigns';
import type { Api } from '../../shared/api/contract';
import { errorMessage, getApi } from '../api';

const SELECTED_KEY = 'dossier-review.selectedCampaign';

function readSelected(): string | null {
  try {
    return localStorage.getItem(SELECTED_KEY);
  } catch {
    return null;
  }
}

function writeSelected(id: string | null): void {
  try {
    if (id) localStorage.setItem(SELECTED_KEY, id);
    else localStorage.removeItem(SELECTED_KEY);
  } catch {
    // Storage unavailable (private mode): the choice simply is not remembered.
  }
}

interface CampaignsState {
  items: Campaign[];
  /** False until the first load finished (successfully or not). */
  loaded: boolean;
  loading: boolean;
  error: string | null;
  selectedId: string | null;
  load(): Promise<void>;
  /** The following throw the API's AppError so dialogs can show it inline. */
  create(input: CampaignCreate): Promise<Campaign>;
  update(input: CampaignUpdate): Promise<Campaign>;
  remove(id: string): Promise<void>;
  /** Loads the fictional demo campaign and makes it the current one. */
  loadDemo(): Promise<Awaited<ReturnType<Api['demo']['load']>>>;
  select(id: string | null): void;
}

export const useCampaignsStore = create<CampaignsState>()((set, get) => ({
  items: [],
  loaded: false,
  loading: false,
  error: null,
  selectedId: readSelected(),
  load: async () => {
    set({ loading: true });
    try {
      const items = await getApi().campaigns.list({});
      const selectedId = get().selectedId;
      // Forget a remembered campaign that no longer exists (deleted elsewhere, other database).
      const stillThere = selectedId && items.some((c) => c.id === selectedId);
      if (selectedId && !stillThere) writeSelected(null);
      set({ items, loaded: true, loading: false, error: null, selectedId: stillThere ? selectedId : null });
    } catch (err) {
      set({ loaded: true, loading: false, error: errorMessage(err) });
    }
  },
  create: async (input) => {
    const created = await getApi().campaigns.create(input);
    await get().load();
    // A new campaign becomes the current one when there was none.
    if (!get().selectedId) get().select(created.id);
    return created;
  },
  loadDemo: async () => {
    const demo = await getApi().demo.load({});
    await get().load();
    get().select(demo.campaignId);
    return demo;
  },
  update: async (input) => {
    const updated = await getApi().campaigns.update(input);
    // Reload rather than patch: the list is ordered by year, which may have changed.
    await get().load();
    return updated;
  },
  remove: async (id) => {
    await getApi().campaigns.remove({ id });
    if (get().selectedId === id) get().select(null);
    await get().load();
  },
  select: (id) => {
    writeSelected(id);
    set({ selectedId: id });
  },
}));

export const selectCurrentCampaign = (s: CampaignsState): Campaign | null =>
  s.selectedId ? (s.items.find((c) => c.id === s.selectedId) ?? null) : null;
