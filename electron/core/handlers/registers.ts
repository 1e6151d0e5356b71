import { basename, resolve } from 'node:path';
import { campaignReads } from '../../../db/repositories/campaigns';
import { registerImportRepository } from '../../../db/repositories/dossiers';
import { importMappingRepository } from '../../../db/repositories/units';
import { nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import type { CallContext } from '../../../shared/api/define';
import type { RegisterFileRef } from '../../../shared/api/namespaces/registers';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { importRegisters, previewRegister, type ImportFile } from '../import';
import { refusePathOverHttp } from '../chosen-file';

/** Bytes (base64, data: URL tolerated) or a path; paths only from the CLI, IPC and tests. */
export function fileSource(ref: RegisterFileRef, call: CallContext): ImportFile {
  if ('path' in ref) {
    refusePathOverHttp(call);
    return { source: resolve(ref.path), sheet: ref.sheet ?? null };
  }
  const b64 = ref.dataBase64.replace(/^data:[^,]*;base64,/, '');
  if (!/^[A-Za-z0-9+/=\s_-]*$/.test(b64)) {
    throw new AppError('invalid_argument', `文件“${ref.name}”的内容不是有效的 base64 编码。`);
  }
  return { source: { name: ref.name, bytes: Buffer.from(b64, 'base64') }, sheet: ref.sheet ?? null };
}

const sourceName = (f: ImportFile) => (typeof f.source === 'string' ? basename(f.source) : f.source.name);

export function registerHandlers(ctx: CoreContext): Handlers['registers'] {
  const imports = registerImportRepository(ctx.db);
  const mappings = importMappingRepository(ctx.db);
  const campaigns = campaignReads(ctx.read);
  return {
    preview: async ({ campaignId, file, sheet, limit }, call) => {
      campaigns.mustExist(campaignId);
      const f = fileSource(file, call);
      return previewRegister(ctx, { source: f.source, sheet: sheet ?? f.sheet, limit });
    },
    import: ({ campaignId, files, mapping, applyChanges }, call) =>
      importRegisters(ctx, {
        campaignId,
        files: files.map((f) => fileSource(f, call)),
        mapping: mapping ?? null,
        applyChanges,
        actor: call.actor,
      }),
    startImport: ({ campaignId, files, mapping, applyChanges }, call) => {
      // Checked before the job starts, so a bad campaign or file reference fails the call itself.
      campaigns.mustExist(campaignId);
      const sources = files.map((f) => fileSource(f, call));
      const label = sources.length === 1 ? `导入“${sourceName(sources[0])}”` : `导入 ${sources.length} 个登记表`;
      const job = ctx.jobs.start('register-import', label, (control) =>
        importRegisters(ctx, { campaignId, files: sources, mapping: mapping ?? null, applyChanges, actor: call.actor, control }),
      );
      return { jobId: job.id };
    },
    history: ({ campaignId }) => {
      campaigns.mustExist(campaignId);
      return imports.list(campaignId);
    },
    saveMapping: ({ unitName, mapping }, call) =>
      ctx.tx(() => {
        const before = mappings.get(unitName) ?? null;
        mappings.upsert(unitName, mapping, nowIso());
        ctx.audit({ actor: call.actor, action: 'save_mapping', entity: 'import_mapping', entityId: unitName, before: before?.mapping ?? null, after: mapping });
        return mappings.get(unitName)!;
      }),
    mappings: () => mappings.list(),
  };
}
