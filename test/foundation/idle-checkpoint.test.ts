/**
 * WAL checkpoints wait for a pause in writing instead of landing inside a save: a burst of changes
 * well past SQLite's automatic mark (1000 pages) leaves the main database file untouched, and a
 * moment after the burst the WAL is copied into it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDLE_CHECKPOINT_MS } from '../../db/idle-checkpoint';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { useTempDir } from './temp';

const WAL_FRAME = 24 + 4096; // frame header + one page

describe('idle WAL checkpoints', () => {
  const tempDir = useTempDir();

  it('none inside a burst of saves (past the automatic mark); one soon after the burst', async () => {
    const db = join(tempDir(), 's.sqlite');
    const core = await openCore(db);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '王评查', transport: 'test' }));
    const c = await api.campaigns.create({ name: '甲', year: 2026 });
    await new Promise((r) => setTimeout(r, IDLE_CHECKPOINT_MS + 300));
    const mainBefore = statSync(db).size;
    let n = 0;
    while (statSync(`${db}-wal`).size < 1200 * WAL_FRAME && n < 1500) {
      await api.campaigns.update({ id: c.id, scopeNotes: `第 ${++n} 次修改：${'范围说明'.repeat(200)}` });
    }
    // SQLite's own checkpoint would have copied pages into the main file by now (and grown it).
    expect(statSync(`${db}-wal`).size).toBeGreaterThanOrEqual(1200 * WAL_FRAME);
    expect(statSync(db).size).toBe(mainBefore);
    await new Promise((r) => setTimeout(r, IDLE_CHECKPOINT_MS + 500));
    expect(statSync(db).size).toBeGreaterThan(mainBefore);
    await core.close();
  });
});
