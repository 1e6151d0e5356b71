/**
 * Importing a campaign package on a team laptop (docs/packages.md). Only into a store with no
 * campaign yet, or one that already holds this very campaign from the same office (then it is
 * idempotent: what is there stays, what is new is added).
 *
 * All or nothing: rows go into one IMMEDIATE transaction on a connection of their own, PDFs into a
 * staging folder; the container authenticates every chunk before handing it out but checks the
 * signature only after the last one, so nothing is committed or moved into place until the whole
 * package has been read. Any refusal, a cancel or a killed process leaves the store as it was
 * (a killed process may leave the staging folder, which the next import removes).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { appendAudit } from '../../../../db/audit';
import { LATEST_SCHEMA_VERSION } from '../../../../db/migrations';
import {
  PACKAGE_TABLES, campaignOriginReads, openCampaignImportSession,
  type CampaignImportSession, type CampaignOrigin, type Row,
} from '../../../../db/repositories/campaign-package';
import type { ReadableDB } from '../../../../db/handles';
import { nowIso } from '../../../../db/util';
import { AppError } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import { storedFilePath } from '../../pdf/attach';
import { exclusiveStoreJob, holdWrites } from '../../write-hold';
import { fingerprintOf } from '../../identity';
import { inspectPackage, refuse, type PackageInfo } from '../container';
import { readPackage } from '../entries';
import { CAMPAIGN_CONTENT_VERSION, type CampaignEnd, type CampaignManifest } from './manifest';

export interface CampaignImportOptions {
  file: string;
  passphrase: string;
  actor: string;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, step: string): void;
  /** Tests: awaited after each entry of the package is taken in, its transaction open (to call the API meanwhile). */
  onEntry?(name: string): void | Promise<void>;
}

export interface TableCounts {
  table: string;
  added: number;
  changed: number;
  unchanged: number;
}

export interface CampaignImportResult {
  campaignId: string;
  campaignName: string;
  team: string;
  officeFingerprint: string;
  /** false: the campaign was already here (a second import of the same campaign). */
  firstImport: boolean;
  added: number;
  changed: number;
  unchanged: number;
  tables: TableCounts[];
  pdfsAdded: number;
  pdfsUnchanged: number;
  reviewers: number;
  dossiers: number;
  assignments: number;
}

const STAGING_PREFIX = '.import-';

/** Refusals that are about this store rather than the package; worded like the container's own. */
function refuseHere(reason: 'not_empty' | 'own_campaign' | 'other_team', file: string, what: string): AppError {
  return new AppError('bad_input', `数据包“${file}”${what}，未导入任何内容。`, { reason, file });
}

/** Whether this store may take the package, and with which signer; throws the refusal otherwise. */
function admission(db: ReadableDB, info: PackageInfo): { origin: CampaignOrigin | undefined } {
  const reads = campaignOriginReads(db);
  const campaigns = reads.campaigns();
  if (!campaigns.length) return { origin: undefined };
  const same = campaigns.find((c) => c.id === info.campaignId);
  const origin = same && reads.origin(same.id);
  if (same && origin && campaigns.length === 1) {
    if (origin.officePublicKey !== info.signerPublicKey)
      throw refuse('other_signer', info.file, `由另一台电脑签名（指纹 ${info.signerFingerprint}），本活动此前的活动包来自法制机构 ${origin.officeFingerprint}`);
    return { origin };
  }
  if (same && !origin)
    throw refuseHere('own_campaign', info.file, `是本机自己发出的评查活动“${same.name}”的活动包，法制机构不需要导入（请在评查组的电脑上导入）`);
  const names = campaigns.map((c) => `“${c.name}”`).join('、');
  if (reads.origins().length > 0) throw refuse('other_campaign', info.file, `属于另一个评查活动，本机正在评查的是${names}`);
  throw refuseHere('not_empty', info.file, `只能导入到没有评查活动的数据库，本机已有评查活动${names}。请在评查组的空白电脑上导入，或新建一个数据库`);
}

/** Staging folders of imports whose process is gone (killed): never read, removed. */
async function removeStaleStaging(filesDir: string): Promise<void> {
  const names = await readdir(filesDir).catch(() => [] as string[]);
  for (const n of names) {
    if (!n.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(n.slice(STAGING_PREFIX.length).split('-')[0]);
    let alive = pid === process.pid;
    if (!alive && Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) await rm(join(filesDir, n), { recursive: true, force: true });
  }
}

/**
 * The import holds the store's write lock from its first row to its commit — for a package of
 * 1,000 PDFs, minutes. Meanwhile the app answers reads (from the store as it was) and refuses writes
 * at once, naming the import; a results merge is refused too (electron/core/write-hold).
 */
export async function importCampaignPackage(ctx: CoreContext, opts: CampaignImportOptions): Promise<CampaignImportResult> {
  const running = `正在导入活动包“${basename(opts.file)}”`;
  return exclusiveStoreJob(ctx.store, { kind: 'campaign-import', running, action: '导入活动包' }, () =>
    holdWrites(ctx.store, running, () => importHeld(ctx, opts)),
  );
}

async function importHeld(ctx: CoreContext, opts: CampaignImportOptions): Promise<CampaignImportResult> {
  const info = await inspectPackage(opts.file);
  if (info.kind !== 'campaign') throw refuse('other_kind', info.file, '是成果包，不是活动包（成果包请在法制机构的电脑上导入）');
  // Fails fast, before the key is derived; checked again inside the transaction.
  const { origin } = admission(ctx.read, info);
  const step = { text: '读取活动包' };
  const pkg = await readPackage(opts.file, {
    passphrase: opts.passphrase,
    expectedCampaignId: info.campaignId,
    expectedKind: 'campaign',
    expectedSigner: origin ? Buffer.from(origin.officePublicKey, 'hex') : undefined,
    signal: opts.signal,
    onProgress: (done, total) => opts.onProgress?.(done, total, step.text),
  });
  const filesDir = ctx.store.filesDir;
  await removeStaleStaging(filesDir);
  const staging = join(filesDir, `${STAGING_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  let session: CampaignImportSession | null = null;
  try {
    session = openCampaignImportSession(ctx.store);
    session.begin();
    const again = admission(session.db, info).origin;
    const malformed = (what: string) => refuse('damaged', info.file, what);
    const counts = new Map<string, TableCounts>();
    const staged = new Set<string>();
    let manifest: CampaignManifest | null = null;
    let end: CampaignEnd | null = null;
    let rows = 0;
    let pdfsUnchanged = 0;
    for await (const e of pkg.entries()) {
      if (!manifest) {
        if (e.type !== 'record' || e.name !== 'manifest') throw malformed('的内容格式不符（缺少活动包清单）');
        manifest = checkManifest(e.value, info);
        if (again && again.team !== manifest.team)
          throw refuseHere('other_team', info.file, `是发给“${manifest.team || '未分组'}”的，本机评查的是“${again.team || '未分组'}”`);
        step.text = `导入评查活动“${manifest.campaignName}”（${manifest.team || '未分组'}）`;
        continue;
      }
      if (end) throw malformed('的内容格式不符（结束标记之后还有内容）');
      if (e.type === 'record' && e.name.startsWith('rows/')) {
        const table = e.name.slice('rows/'.length);
        const list = (e.value as { rows?: unknown } | null)?.rows;
        if (!Array.isArray(list)) throw malformed(`的内容格式不符（${e.name}）`);
        const c = session.insert(table, list as Row[], (what) => refuse('damaged', info.file, what));
        const t = counts.get(table) ?? { table, added: 0, changed: 0, unchanged: 0 };
        t.added += c.added;
        t.changed += c.changed;
        t.unchanged += c.unchanged;
        counts.set(table, t);
        rows += list.length;
      } else if (e.type === 'blob' && /^pdf\/[0-9a-f]{64}$/.test(e.name)) {
        const sha = e.name.slice(4);
        const target = storedFilePath(ctx.store, sha);
        const there = await stat(target).catch(() => null);
        if (there?.size === e.size) {
          pdfsUnchanged++; // already here: same content, same name (the reader skips the unread bytes)
          continue;
        }
        await mkdir(staging, { recursive: true });
        const hash = createHash('sha256');
        const path = join(staging, `${sha}.pdf`);
        await pipeline(
          e.data,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const piece of source) {
              hash.update(piece);
              yield piece;
            }
          },
          createWriteStream(path, { flags: 'wx', mode: 0o600 }),
        );
        if (hash.digest('hex') !== sha) throw malformed(`中的卷宗 PDF 与其校验值不符（${sha.slice(0, 12)}…）`);
        staged.add(sha);
      } else if (e.type === 'record' && e.name === 'end') {
        end = e.value as CampaignEnd;
      } else {
        throw malformed(`的内容格式不符（不认识的条目“${e.name}”）`);
      }
      await opts.onEntry?.(e.name);
    }
    // The loop ended without an error: every chunk authenticated and the signature verified.
    if (!manifest || !end) throw malformed('不完整（缺少结束标记）');
    if (end.rows !== rows || end.pdfs !== staged.size + pdfsUnchanged) throw malformed('的条目数与结束标记不符');
    const missing = [];
    for (const sha of session.fileShas(manifest.campaignId)) {
      if (!staged.has(sha) && !(await stat(storedFilePath(ctx.store, sha)).catch(() => null))) missing.push(sha);
    }
    if (missing.length) throw malformed(`缺少 ${missing.length} 份卷宗 PDF`);

    const importedAt = nowIso();
    if (!again) {
      session.recordOrigin({
        campaignId: manifest.campaignId,
        team: manifest.team,
        officePublicKey: info.signerPublicKey,
        officeFingerprint: info.signerFingerprint,
        packageCreatedAt: info.createdAt,
        importedAt,
        importedBy: opts.actor,
      });
    }
    const tables = Object.keys(PACKAGE_TABLES).filter((t) => counts.has(t)).map((t) => counts.get(t)!);
    const sum = (k: 'added' | 'changed' | 'unchanged') => tables.reduce((s, t) => s + t[k], 0);
    const result: CampaignImportResult = {
      campaignId: manifest.campaignId,
      campaignName: manifest.campaignName,
      team: manifest.team,
      officeFingerprint: info.signerFingerprint,
      firstImport: !again,
      added: sum('added'),
      changed: sum('changed'),
      unchanged: sum('unchanged'),
      tables,
      pdfsAdded: staged.size,
      pdfsUnchanged,
      reviewers: manifest.counts.reviewers,
      dossiers: manifest.counts.dossiers,
      assignments: manifest.counts.assignments,
    };
    appendAudit(session.db, {
      actor: opts.actor,
      action: 'import_campaign_package',
      entity: 'campaign',
      entityId: manifest.campaignId,
      after: {
        file: info.file,
        team: manifest.team,
        officeFingerprint: info.signerFingerprint,
        packageCreatedAt: info.createdAt,
        firstImport: result.firstImport,
        added: result.added,
        changed: result.changed,
        unchanged: result.unchanged,
        pdfsAdded: result.pdfsAdded,
      },
    });
    if (opts.signal?.aborted) throw new AppError('cancelled', '已取消，未导入任何内容。');
    // PDFs into place before the commit: a crash in between leaves only content-named files that
    // nothing refers to yet (and that the next import reuses), never a row without its PDF.
    for (const sha of staged) await rename(join(staging, `${sha}.pdf`), storedFilePath(ctx.store, sha));
    session.commit();
    // Audited on its own connection: sign the head that now ends with this row (electron/core/audit-head).
    ctx.auditHead.sync();
    return result;
  } finally {
    session?.close();
    await pkg.close().catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
  }
}

function checkManifest(value: unknown, info: PackageInfo): CampaignManifest {
  const m = value as Partial<CampaignManifest> | null;
  if (!m || typeof m !== 'object' || typeof m.contentVersion !== 'number' || typeof m.schemaVersion !== 'number')
    throw refuse('damaged', info.file, '的内容格式不符（活动包清单无效）');
  if (m.contentVersion > CAMPAIGN_CONTENT_VERSION || m.schemaVersion > LATEST_SCHEMA_VERSION)
    throw refuse('newer_version', info.file, `由更新版本的程序生成（内容版本 ${m.contentVersion}、数据库版本 ${m.schemaVersion}；本程序支持 ${CAMPAIGN_CONTENT_VERSION}、${LATEST_SCHEMA_VERSION}），请先升级程序`);
  if (m.campaignId !== info.campaignId) throw refuse('damaged', info.file, '的清单与包头的评查活动不一致');
  if (m.officePublicKey !== info.signerPublicKey)
    throw refuse('other_signer', info.file, `的签名电脑（${info.signerFingerprint}）不是清单所记的法制机构（${fingerprintOf(Buffer.from(String(m.officePublicKey), 'hex'))}）`);
  return m as CampaignManifest;
}
