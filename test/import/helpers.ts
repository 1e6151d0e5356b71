import { join } from 'node:path';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { RegisterRowData } from '../fixtures/registers';

export const callCtx = { actor: '王导入', transport: 'test' as const };

export interface ImportHarness {
  core: Core;
  api: Api;
  campaignId: string;
  /** Rows in the dossiers table (all campaigns). */
  dossierCount(): number;
  /** Every table an import writes, counted: proves "nothing was stored". */
  snapshot(): { dossiers: number; units: number; imports: number; audit: number };
}

/** A fresh store with one campaign, and a typed client that JSON-round-trips like a real transport. */
export async function openHarness(dir: string): Promise<ImportHarness> {
  const core = await openCore(join(dir, 'store.sqlite'));
  const api = createApiClient(async (method, input) =>
    JSON.parse(JSON.stringify(await core.dispatch(method, JSON.parse(JSON.stringify(input)), callCtx))),
  );
  const campaign = await api.campaigns.create({ name: '2024年度行政执法案卷评查', year: 2024, organiser: '示例市司法局' });
  const count = (sql: string) => core.store.db.prepare(sql).pluck().get() as number;
  return {
    core,
    api,
    campaignId: campaign.id,
    dossierCount: () => count('SELECT COUNT(*) FROM dossiers'),
    snapshot: () => ({
      dossiers: count('SELECT COUNT(*) FROM dossiers'),
      units: count('SELECT COUNT(*) FROM units'),
      imports: count('SELECT COUNT(*) FROM register_imports'),
      audit: count('SELECT COUNT(*) FROM audit_log'),
    }),
  };
}

export const upload = (name: string, bytes: Uint8Array) => ({ name, dataBase64: Buffer.from(bytes).toString('base64') });

/** Copies rows and applies edits: [row index, template column, new cell]. */
export function edit(rows: readonly RegisterRowData[], ...edits: [number, string, string][]): RegisterRowData[] {
  const out = rows.map((r) => ({ ...r }));
  for (const [i, h, v] of edits) out[i][h] = v;
  return out;
}
