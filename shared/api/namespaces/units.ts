import { z } from 'zod';
import { query } from '../define';
import { Id } from './common';

export const Unit = z.object({
  id: Id,
  name: z.string(),
  shortCode: z.string().nullable(),
  region: z.string().nullable(),
  sector: z.string().nullable(),
  createdAt: z.string(),
  /** Dossiers of the unit in the campaign asked about (or in all campaigns). */
  dossierCount: z.number().int(),
});
export type Unit = z.infer<typeof Unit>;

export const units = {
  list: query('执法单位列表（给出评查活动时，只列出在该活动中有案卷的单位）', z.object({ campaignId: Id.optional() }), z.array(Unit)),
};
