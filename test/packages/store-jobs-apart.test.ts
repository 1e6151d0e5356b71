/**
 * A campaign import holds the store's write lock for its whole length: while it runs, the app answers
 * reads (the store as it was), refuses writes at once naming the import, and shows its progress.
 * A results merge and a campaign import are kept apart: the second is refused at once, naming the
 * first, and the first still completes. Paused by the imports' test hooks, not by timing.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { exportCampaignPackage, importCampaignPackage } from '../../electron/core/packages/campaign';
import { exportResults, importResults } from '../../electron/core/packages/results';
import { useTempDir } from '../foundation/temp';
import { TEAM_1, apiOf, officeWithTeams } from './campaign-fixture';
import { PASS, copySite, exportFrom, makeOffice, review, type Site } from './results-helpers';

const FAST = { scrypt: { log2N: 10, r: 8, p: 1 }, chunkSize: 64 * 1024 };

/** A hook that stops the job at its first call until released. */
function pauseOnce() {
  let reached!: () => void;
  let release!: () => void;
  const atPause = new Promise<void>((r) => (reached = r));
  const released = new Promise<void>((r) => (release = r));
  let calls = 0;
  return {
    atPause,
    release,
    calls: () => calls,
    hook: async () => {
      if (calls++ > 0) return;
      reached();
      await released;
    },
  };
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const err = await p.then(() => null, (e: { code?: string; message: string }) => e);
  expect(err).not.toBeNull();
  return err!;
}

describe('long store jobs: campaign import under the write hold, kept apart from a results merge', () => {
  const tempDir = useTempDir();
  const open: Core[] = [];
  const sites: Site[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
    for (const s of sites.splice(0)) s.core.close();
  });

  async function campaignPackage(dir: string) {
    const office = await officeWithTeams(dir);
    open.push(office.core);
    const out = join(dir, 'usb', '第一组.drpkg');
    await exportCampaignPackage(office.core.context, { campaignId: office.campaign.id, team: TEAM_1, out, passphrase: PASS, actor: '法制科', ...FAST });
    return { office, out };
  }

  it('answers reads and refuses writes while a campaign import is in its transaction; a results merge is refused naming it', async () => {
    const dir = tempDir();
    const { office, out } = await campaignPackage(dir);
    // A genuine results package of the same campaign (the office's own), to try during the import.
    const results = join(dir, 'usb', '成果.drpkg');
    await exportResults(office.core.context, { campaignId: office.campaign.id, out: results, passphrase: PASS, scrypt: FAST.scrypt });

    const laptop = await openCore(join(dir, 'laptop.sqlite'));
    open.push(laptop);
    const api = apiOf(laptop, '甲评查');
    const pause = pauseOnce();
    const ctx = laptop.context;
    const job = ctx.jobs.start('campaign-package-import', '导入活动包（测试）', (control) =>
      importCampaignPackage(ctx, {
        file: out, passphrase: PASS, actor: '甲评查', signal: control.signal,
        onProgress: (done, total, step) => control.progress(done, total, step),
        onEntry: (name) => (name.startsWith('rows/') ? pause.hook() : undefined),
      }),
    );
    await pause.atPause;

    // Inside the import's transaction: the job shows its progress, reads answer from the store as it was.
    const running = await api.jobs.get({ id: job.id });
    expect(running.status).toBe('running');
    expect(running.step).toMatch(/读取活动包|导入评查活动/);
    expect(running.done).toBeGreaterThan(0);
    expect(running.done).toBeLessThan(running.total);
    expect(await api.campaigns.list({})).toEqual([]);

    // A write is refused at once, naming the import (not a frozen app and a bare SQLITE_BUSY).
    const write = await failure(api.campaigns.create({ name: '导入期间新建', year: 2025 }));
    expect(write.code).toBe('conflict');
    expect(write.message).toContain('正在导入活动包“第一组.drpkg”');
    expect(write.message).toContain('未保存');

    // A results merge on the same store is refused at once, naming the running import; so is a second import.
    const merge = await failure(importResults(ctx, { file: results, passphrase: PASS, actor: '甲评查' }));
    expect(merge.code).toBe('conflict');
    expect(merge.message).toBe('正在导入活动包“第一组.drpkg”，不能同时合并成果包；请等它完成后再试，未导入任何内容。');
    const again = await failure(importCampaignPackage(ctx, { file: out, passphrase: PASS, actor: '甲评查' }));
    expect(again.message).toContain('不能同时导入活动包');

    pause.release();
    const done = await ctx.jobs.wait(job.id);
    expect(done.status).toBe('done');
    expect(pause.calls()).toBeGreaterThan(1);
    const [campaign] = await api.campaigns.list({});
    expect(campaign.id).toBe(office.campaign.id);
    expect((await api.assignments.list({ campaignId: campaign.id })).length).toBe(office.team1.length);
    // Held no longer: writes go through again, and the import's audit entry heads a sound chain.
    expect((await api.reviews.open({ assignmentId: office.team1[0].id })).review.status).toBe('draft');
    expect((await api.audit.verify({})).ok).toBe(true);
  });

  it('a campaign import cancelled at a pause leaves the store empty and writable', async () => {
    const dir = tempDir();
    const { out } = await campaignPackage(dir);
    const laptop = await openCore(join(dir, 'laptop.sqlite'));
    open.push(laptop);
    const api = apiOf(laptop, '甲评查');
    const pause = pauseOnce();
    const ctx = laptop.context;
    const job = ctx.jobs.start('campaign-package-import', '导入活动包（测试）', (control) =>
      importCampaignPackage(ctx, { file: out, passphrase: PASS, actor: '甲评查', signal: control.signal, onEntry: (name) => (name.startsWith('rows/') ? pause.hook() : undefined) }),
    );
    await pause.atPause;
    await api.jobs.cancel({ id: job.id });
    pause.release();
    expect((await ctx.jobs.wait(job.id)).status).toBe('cancelled');
    expect(await api.campaigns.list({})).toEqual([]);
    expect((await api.campaigns.create({ name: '取消之后新建', year: 2025 })).name).toBe('取消之后新建');
  });

  it('refuses a campaign import while a results merge runs, naming the merge, and the merge still commits', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    sites.push(office);
    const laptop = await copySite(office, join(dir, 'laptop-a.sqlite'), '甲评查');
    sites.push(laptop);
    await review(laptop, assignments[0].id, { deduction: 1, submit: true });
    await review(laptop, assignments[1].id);
    const p = await exportFrom(laptop, campaign.id, join(dir, '甲组.drpkg'));
    // Some campaign package to try meanwhile (the office's own campaign, for an empty team).
    const campaignOut = join(dir, '活动包.drpkg');
    await exportCampaignPackage(office.core.context, { campaignId: campaign.id, team: '', out: campaignOut, passphrase: PASS, actor: '法制科', ...FAST });

    const pause = pauseOnce();
    const ctx = office.core.context;
    const job = ctx.jobs.start('results.import', '导入成果包（测试）', (control) =>
      importResults(ctx, {
        file: p.files[0], passphrase: PASS, confirmFingerprint: p.signerFingerprint, actor: '法制科', signal: control.signal,
        onProgress: (done, total, step) => control.progress(done, total, step),
        mergeBatchRows: 20,
        onMergeBatch: pause.hook,
      }),
    );
    await pause.atPause;

    const refused = await failure(importCampaignPackage(ctx, { file: campaignOut, passphrase: PASS, actor: '法制科' }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toBe('正在合并成果包“甲组.drpkg”，不能同时导入活动包；请等它完成后再试，未导入任何内容。');
    const write = await failure(office.api.campaigns.create({ name: '合并期间新建', year: 2025 }));
    expect(write.message).toContain('正在合并成果包“甲组.drpkg”');

    pause.release();
    expect((await ctx.jobs.wait(job.id)).status).toBe('done');
    expect(await office.api.results.reviews({ campaignId: campaign.id })).toHaveLength(2);
    // The claim is released with the merge: the campaign import now reaches its own check (this store made the campaign).
    const after = await failure(importCampaignPackage(ctx, { file: campaignOut, passphrase: PASS, actor: '法制科' }));
    expect(after.message).not.toContain('不能同时');
    expect(after.message).toContain('活动包');
  });
});
