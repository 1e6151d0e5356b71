/** OCR test setup: a store with a scanned dossier queued for OCR, and a scripted engine process that fails to load. */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newId, nowIso } from '../../db/util';
import type { CoreContext } from '../../electron/core/context';
import { attachFiles } from '../../electron/core/pdf/attach';
import type { OcrHost } from '../../electron/core/ocr/host';
import type { WorkerRequest, WorkerResponse } from '../../electron/core/ocr/engine';
import { createUtilityOcrHost, type UtilityProcessLike } from '../../electron/shell/ocr-utility-host';
import { makeScan, SCAN_SPEC } from './scan-fixtures';

// Made once per test file: rendering the scan takes seconds, and every test can share its bytes.
let scanBytes: Promise<Uint8Array> | undefined;

/** One campaign with one dossier and its attached scan (4 image-only pages, queued for OCR). */
export async function seedScannedDossier(ctx: CoreContext, dir: string, caseNo = 'H-1'): Promise<{ campaignId: string; fileId: string }> {
  const campaignId = newId();
  const unitId = newId();
  const now = nowIso();
  ctx.db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, '2024年度案卷评查', 2024, ?, ?)`).run(campaignId, now, now);
  ctx.db.prepare(`INSERT INTO units (id, name, created_at) VALUES (?, ?, ?)`).run(unitId, SCAN_SPEC.unit, now);
  ctx.db
    .prepare(
      `INSERT INTO dossiers (id, campaign_id, unit_id, case_no, case_type, cause, party, date_closed, file_ref, content_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, '行政处罚', '销售不合格食品', '某当事人', '2024-06-30', NULL, ?, ?, ?)`,
    )
    .run(newId(), campaignId, unitId, caseNo, `h-${caseNo}`, now, now);
  const path = join(dir, `${caseNo}.pdf`);
  writeFileSync(path, await (scanBytes ??= makeScan().then((s) => s.bytes)));
  const r = await attachFiles(ctx, { campaignId, files: [{ name: `${caseNo}.pdf`, path }] });
  return { campaignId, fileId: r.matched[0]!.fileId };
}

/**
 * The app's utility-process host with a scripted engine whose warmup fails: it answers with an error
 * (cannot load) or the process exits with a code (a crash). `entry` must be a file that exists, or no
 * run starts (a missing entry is a broken installation).
 */
export function failingOcrHost(entry: string, warmup: { error: string } | { exit: number }): OcrHost {
  const fork = (): UtilityProcessLike => {
    const child = new EventEmitter() as EventEmitter & UtilityProcessLike;
    child.postMessage = (message: unknown) => {
      const req = message as WorkerRequest;
      setImmediate(() => {
        if ('exit' in warmup) child.emit('exit', warmup.exit);
        else child.emit('message', { id: req.id, ok: false, error: warmup.error } satisfies WorkerResponse);
      });
    };
    child.kill = () => (setImmediate(() => child.emit('exit', 0)), true);
    return child;
  };
  return { ...createUtilityOcrHost(fork, '/app/dist/electron/ocr-utility.cjs'), entry: () => entry };
}
