/**
 * The merge's write phase runs on a connection of its own and pauses between batches: while a
 * merge job is inside its transaction, the app answers API reads (from the store as it was) and
 * refuses writes at once with a clear reason, and
 * the merge still commits all at once — or, cancelled mid-way, leaves nothing.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importResults } from '../../electron/core/packages/results';
import { useTempDir } from '../foundation/temp';
import { PASS, copySite, exportFrom, makeOffice, mergedDigest, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

/** A merge job that stops at its first pause between batches until released. */
function pausedMerge(office: Site, file: string, fingerprint: string) {
  let paused!: (at: { done: number; total: number }) => void;
  let release!: () => void;
  const atPause = new Promise<{ done: number; total: number }>((r) => (paused = r));
  const released = new Promise<void>((r) => (release = r));
  let pauses = 0;
  const ctx = office.core.context;
  const job = ctx.jobs.start('results.import', '导入成果包（测试）', (control) =>
    importResults(ctx, {
      file,
      passphrase: PASS,
      confirmFingerprint: fingerprint,
      actor: '法制科',
      signal: control.signal,
      onProgress: (done, total, step) => control.progress(done, total, step),
      mergeBatchRows: 20,
      onMergeBatch: async (done, total) => {
        if (pauses++ > 0) return;
        paused({ done, total });
        await released;
      },
    }),
  );
  return { jobId: job.id, atPause, release, pauses: () => pauses };
}

async function laptopPackage(dir: string) {
  const { office, campaign, assignments } = await makeOffice(dir);
  const a = await copySite(office, join(dir, 'laptop-a.sqlite'), '甲评查');
  open.push(office, a);
  await review(a, assignments[0].id, { deduction: 1, submit: true });
  await review(a, assignments[1].id);
  const p = await exportFrom(a, campaign.id, join(dir, 'a.drpkg'));
  return { office, campaign, p };
}

describe('results merge on its own connection', () => {
  const tempDir = useTempDir();

  it('answers API reads while the merge job is inside its transaction, then commits everything at once', async () => {
    const { office, campaign, p } = await laptopPackage(tempDir());
    const merge = pausedMerge(office, p.files[0], p.signerFingerprint);
    const at = await merge.atPause;
    expect(at.done).toBeLessThan(at.total);

    // The job is still in its transaction, and the app answers: from the store as it was before.
    const job = await office.api.jobs.get({ id: merge.jobId });
    expect(job.status).toBe('running');
    expect(job.step).toBe('合并入库');
    expect(job.done).toBeLessThan(job.total);
    expect(await office.api.results.laptops({})).toEqual([]);
    expect(await office.api.results.reviews({ campaignId: campaign.id })).toEqual([]);
    // A write meanwhile is refused at once, saying why (not a frozen app and a bare SQLITE_BUSY).
    const refused = await office.api.campaigns.create({ name: '合并期间新建', year: 2025 }).then(
      () => null,
      (e: { code?: string; message: string }) => e,
    );
    expect(refused?.code).toBe('conflict');
    expect(refused?.message).toContain('正在合并成果包');
    expect((await office.api.jobs.get({ id: merge.jobId })).status).toBe('running');

    merge.release();
    const done = await office.core.context.jobs.wait(merge.jobId);
    expect(done.status).toBe('done');
    expect(merge.pauses()).toBeGreaterThan(1);
    expect(await office.api.results.laptops({})).toHaveLength(1);
    expect(await office.api.results.reviews({ campaignId: campaign.id })).toHaveLength(2);
    expect((await office.api.campaigns.create({ name: '合并之后新建', year: 2025 })).name).toBe('合并之后新建');
    // The merge's audit entry was written on its connection and the signed head follows it.
    const audit = await office.api.audit.verify({});
    expect(audit.ok).toBe(true);
    const log = await office.api.audit.list({ entityId: campaign.id });
    expect(log.some((e) => e.action === 'import_results_package')).toBe(true);
  });

  it('a merge cancelled at a pause leaves the store as it was', async () => {
    const { office, p } = await laptopPackage(tempDir());
    const before = mergedDigest(office);
    const merge = pausedMerge(office, p.files[0], p.signerFingerprint);
    await merge.atPause;
    await office.api.jobs.cancel({ id: merge.jobId });
    merge.release();
    const done = await office.core.context.jobs.wait(merge.jobId);
    expect(done.status).toBe('cancelled');
    expect(mergedDigest(office)).toBe(before);
    expect((await office.api.audit.verify({})).ok).toBe(true);
  });
});
