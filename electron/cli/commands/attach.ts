/** `attach`: attach dossier PDFs from a folder, matched by 卷宗文件 or 案卷编号 (runs as a job). */
import { setTimeout as sleep } from 'node:timers/promises';
import { basename, resolve } from 'node:path';
import type { AttachResult } from '../../../shared/api/namespaces/files';
import type { Job } from '../../../shared/api/namespaces/jobs';
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { Command, CommandTable } from '../command';
import { formatTable, truncate } from '../format';
import { ocrService } from '../../core/ocr/service';
import { requireDb, stringOption, withApi } from '../session';
import { UsageError } from '../errors';
import { CAMPAIGN_HELP, DB_HELP, requireString } from './options';

const USAGE = 'attach --db 文件 --campaign ID (--dir 文件夹 | --dossier 案卷编号 文件.pdf…) [--no-ocr] [--json]';

/** Progress goes to stderr, one line per change, when someone may be watching. */
function progressPrinter(json: boolean): ((job: Job) => void) | null {
  if (json && !process.stderr.isTTY) return null;
  let last = '';
  return (job) => {
    if (job.total === 0) return;
    const line = `已读取 ${job.done}/${job.total} …`;
    if (line !== last) process.stderr.write(`${line}\n`);
    last = line;
  };
}

function summaryText(r: AttachResult): string {
  const lines = [`导入卷宗 PDF：匹配 ${r.matched.length} 个，未匹配 ${r.unmatched.length} 个，读取失败 ${r.failed.length} 个；尚缺 PDF 的案卷 ${r.missing.length} 卷。`];
  if (r.matched.length) {
    lines.push(
      '',
      formatTable(
        ['案卷编号', '文件', '页数', '无文字页', '识别文书', '说明'],
        r.matched.map((m) => [m.caseNo, truncate(m.file, 40), String(m.pages), String(m.pagesWithoutText), String(m.documents.length), m.alreadyAttached ? '此前已导入' : '']),
      ),
    );
  }
  if (r.failed.length) lines.push('', '读取失败：', formatTable(['文件', '原因'], r.failed.map((f) => [truncate(f.file, 40), f.message])));
  if (r.unmatched.length) {
    lines.push('', `未匹配到案卷的文件：${r.unmatched.join('、')}`, '可用 --dossier 案卷编号 文件.pdf 把它们导入指定的案卷。');
  }
  return lines.join('\n');
}

const attach: Command = {
  summary: '导入卷宗 PDF（按卷宗文件列或案卷编号匹配案卷）',
  usage: USAGE,
  options: { db: { type: 'string' }, campaign: { type: 'string' }, dir: { type: 'string' }, dossier: { type: 'string' }, 'no-ocr': { type: 'boolean' } },
  maxPositionals: 1000,
  optionHelp: [
    DB_HELP,
    CAMPAIGN_HELP,
    { flag: '--dir 文件夹', description: '存放卷宗 PDF 的文件夹（含子文件夹）' },
    { flag: '--dossier 案卷编号', description: '把给出的 PDF（或 --dir 中的全部 PDF）都导入这一案卷，不按文件名匹配（用于文件名不是案卷编号的扫描件）' },
    { flag: '--no-ocr', description: '不等待扫描页的页首识别（页面留在识别队列中，打开程序时继续）' },
  ],
  async run(args, env) {
    const db = requireDb(args, USAGE);
    const campaignId = requireString(args, 'campaign', '评查活动 ID', USAGE);
    const caseNo = stringOption(args, 'dossier')?.trim();
    const paths = args.positionals.map((p) => resolve(p));
    if (paths.length && !caseNo) throw new UsageError('直接给出 PDF 文件时须用 --dossier 指明导入哪一案卷', USAGE);
    const dir = paths.length && stringOption(args, 'dir') === undefined ? undefined : resolve(requireString(args, 'dir', '卷宗 PDF 所在文件夹', USAGE));
    const files = paths.map((path) => ({ name: basename(path), path }));
    const show = progressPrinter(args.values.json === true);
    const ocr = args.values['no-ocr'] !== true;
    const { job, result } = await withApi(db, env, async (api, core) => {
      let dossierId: string | undefined;
      if (caseNo) {
        const found = await api.dossiers.list({ campaignId, search: caseNo, limit: 1000 });
        const dossier = found.items.find((d) => d.caseNo === caseNo);
        if (!dossier) throw new AppError('not_found', `评查活动中没有案卷编号为“${caseNo}”的案卷。`);
        dossierId = dossier.id;
      }
      const { jobId } = await api.files.attach({ campaignId, dir, files: files.length ? files : undefined, dossierId, ocr });
      const settled = core.context.jobs.wait(jobId);
      if (show) {
        let finished = false;
        void settled.then(() => (finished = true));
        while (!finished) {
          show(core.context.jobs.get(jobId));
          await Promise.race([settled, sleep(200)]);
        }
      }
      const job = await settled;
      if (job.status !== 'done') return { job, result: null };
      const result = job.result!;
      // Wait for the title bands of the scanned pages (the document map); full pages stay queued.
      const scanned = result.matched.filter((m) => m.pagesWithoutText > 0).map((m) => m.fileId);
      if (ocr && scanned.length) {
        const service = ocrService(core.context);
        let last = '';
        try {
          await service.waitForTitles(scanned, (done, total) => {
            const line = `识别页首 ${done}/${total} …`;
            if (line !== last && !(args.values.json === true && !process.stderr.isTTY)) process.stderr.write(`${line}\n`);
            last = line;
          });
        } catch (err) {
          // The files are attached either way: say why their scanned pages were not read.
          env.warn(`${err instanceof Error ? err.message : String(err)}（扫描页已留在识别队列中，下次打开程序时继续识别）`);
        } finally {
          await service.stop();
        }
        // The document map now includes what OCR found.
        for (const m of result.matched) if (scanned.includes(m.fileId)) m.documents = await api.files.documentMap({ dossierId: m.dossierId }).then((d) => d.filter((e) => e.fileId === m.fileId));
      }
      return { job, result };
    });
    if (job.status !== 'done' || !result) {
      const code = (job.error?.code ?? 'internal') as ErrorCode;
      throw new AppError(code, job.error?.message ?? '导入卷宗 PDF 的任务未完成。', job.error?.details);
    }
    const out = { matched: result.matched, missing: result.missing, unmatched: result.unmatched, failed: result.failed };
    return { json: out, text: summaryText(result) };
  },
};

export const attachCommands: CommandTable = { attach };
