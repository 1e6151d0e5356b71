/** `consensus list|queue` as a child process, on a store with one cross-reviewed dossier made through the API. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import type { ConsensusDossierRow } from '../../shared/api/namespaces/consensus';
import { useTempDir } from '../foundation/temp';
import { crossReviewedDossier } from './fixture';
import { runCli as cli } from '../fixtures/run-cli';

const tempDir = useTempDir();

describe('consensus commands', () => {
  it('list shows the disputed item; queue shows why a dossier awaits 复核 once the margin is below the difference', { timeout: 120_000 }, async () => {
    const db = join(tempDir(), 'cli.sqlite');
    const core = await openCore(db);
    const api = createApiClient((m, i) => core.dispatch(m, i, { actor: '测试', transport: 'test' }));
    const f = await crossReviewedDossier(api, '命令行');
    await api.reviews.submit({ reviewId: f.sheetA.review.id });
    await api.reviews.submit({ reviewId: f.sheetB.review.id });
    await api.consensus.setSettings({ campaignId: f.campaign.id, settings: { onGradeDiffers: false, onAnyVeto: false, totalMargin: 1, objectionDays: 5 } });
    core.close();

    const list = cli('consensus', 'list', '--db', db, '--campaign', f.campaign.id, '--json');
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as ConsensusDossierRow[];
    expect(rows.find((r) => r.dossierId === f.dossierId)).toMatchObject({ disputedItems: 1, decidedItems: 0, recheck: 'pending' });

    const queue = cli('consensus', 'queue', '--db', db, '--campaign', f.campaign.id);
    expect(queue.code, queue.stderr).toBe(0);
    expect(queue.stdout).toContain('超过 1 分');
    expect(queue.stdout).toContain('甲评查');

    const missing = cli('consensus', 'queue', '--db', db);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--campaign');
  });
});
