import { resolve } from 'node:path';
import { campaignOriginReads, campaignPackageReads } from '../../../db/repositories/campaign-package';
import { campaignReads } from '../../../db/repositories/campaigns';
import type { Handlers } from '../../../shared/api/contract';
import type { CoreContext } from '../context';
import { inspectPackage } from '../packages';
import { exportCampaignPackage, importCampaignPackage } from '../packages/campaign';

const MIB = 1024 * 1024;

export function campaignPackageHandlers(ctx: CoreContext): Handlers['campaignPackages'] {
  const reads = campaignPackageReads(ctx.read);
  const origins = campaignOriginReads(ctx.read);
  const campaigns = campaignReads(ctx.read);
  return {
    teams: ({ campaignId }) => {
      campaigns.mustExist(campaignId);
      return reads.teams(campaignId);
    },
    export: ({ campaignId, team, out, passphrase, partSizeMb }, call) => {
      const name = campaigns.mustExist(campaignId).name;
      const job = ctx.jobs.start('campaign-package-export', `生成活动包：${name}（${team || '未分组'}）`, (control) =>
        exportCampaignPackage(ctx, {
          campaignId, team, out: resolve(out), passphrase, actor: call.actor,
          partSize: partSizeMb ? partSizeMb * MIB : undefined,
          signal: control.signal,
          onProgress: (done, total, step) => control.progress(done, total, step),
        }),
      );
      return { jobId: job.id };
    },
    inspect: async ({ file }) => inspectPackage(resolve(file)),
    import: ({ file, passphrase }, call) => {
      const job = ctx.jobs.start('campaign-package-import', `导入活动包：${file}`, (control) =>
        importCampaignPackage(ctx, {
          file: resolve(file), passphrase, actor: call.actor,
          signal: control.signal,
          onProgress: (done, total, step) => control.progress(done, total, step),
        }),
      );
      return { jobId: job.id };
    },
    origins: () =>
      origins.origins().map(({ campaignId, team, officeFingerprint, packageCreatedAt, importedAt, importedBy }) => ({
        campaignId, team, officeFingerprint, packageCreatedAt, importedAt, importedBy,
      })),
  };
}
