/** templates.pinnedAll: every campaign's pinned versions in one call, the same as templates.pinned per campaign. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { useTempDir } from '../foundation/temp';

const leader = { actor: '王组长', transport: 'test' as const };

describe('templates.pinnedAll', () => {
  const tempDir = useTempDir();

  it('lists each campaign with pins once, with the versions templates.pinned gives, and leaves out campaigns without pins', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const lead: Api = createApiClient((m, i) => core.dispatch(m, i, leader));
    const [a, b, none] = [
      await lead.campaigns.create({ name: '甲活动', year: 2025 }),
      await lead.campaigns.create({ name: '乙活动', year: 2025 }),
      await lead.campaigns.create({ name: '未指定', year: 2025 }),
    ];
    const stored = await lead.templates.list({});
    const builtin = (key: string) => stored.find((t) => t.key === key && t.source === 'builtin')!;
    const pg = builtin('PG');
    const li = builtin('LI');
    const pg2 = await lead.templates.copy({ id: pg.id });
    await lead.templates.pin({ campaignId: a.id, templateIds: [pg.id, li.id] });
    await lead.templates.pin({ campaignId: b.id, templateIds: [pg2.id] });

    const all = await lead.templates.pinnedAll({});
    expect(all.map((p) => p.campaignId).sort()).toEqual([a.id, b.id].sort());
    expect(all.find((p) => p.campaignId === none.id)).toBeUndefined();
    for (const c of [a, b]) {
      expect(all.find((p) => p.campaignId === c.id)!.templates).toEqual(await lead.templates.pinned({ campaignId: c.id }));
    }
    expect(all.find((p) => p.campaignId === a.id)!.templates.map((t) => `${t.key} v${t.version}`)).toEqual([`LI v${li.version}`, `PG v${pg.version}`]);
    expect(all.find((p) => p.campaignId === b.id)!.templates.map((t) => [t.key, t.version, t.source])).toEqual([['PG', pg2.version, 'edited']]);
    core.close();
  });
});
