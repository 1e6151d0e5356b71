/**
 * Where the PDFs to attach come from. In the app the system dialog gives paths, and files.attach gets
 * those paths: the main process reads the files, so nothing is copied into the message and there is
 * no size limit. In the browser the picked File objects are read and sent as bytes (uploads), since
 * the host refuses local paths over HTTP.
 */
import type { NativeDialogs } from '../../../shared/shell-dialog';
import type { Api } from '../../../shared/api/contract';
import { baseName, PDF_FILTER } from '../../native-dialogs';

/** One PDF the user picked: a path (native dialog) or a File (browser input). */
export type PickedPdf = { name: string; path: string } | { name: string; file: File };

/** What the user picked: PDFs, or (native dialog) a whole folder, which the main process lists. */
export interface PickedSource {
  pdfs: PickedPdf[];
  dir?: string;
}

/** Asks the system dialog for PDF files or a folder; null when the user cancels. */
export async function pickPdfsNatively(dialogs: NativeDialogs, what: 'files' | 'folder'): Promise<PickedSource | null> {
  if (what === 'folder') {
    const r = await dialogs.openDirectory({ title: '选择存放卷宗 PDF 的文件夹' });
    return r.canceled || !r.paths[0] ? null : { pdfs: [], dir: r.paths[0] };
  }
  const r = await dialogs.openFiles({ title: '选择卷宗 PDF 文件', filters: [PDF_FILTER], multiple: true });
  return r.canceled || r.paths.length === 0 ? null : { pdfs: r.paths.map((path) => ({ name: baseName(path), path })) };
}

/** A PDF that came back as 未能匹配, found again among what was picked (a folder's files by their relative name). */
export function pickedByName(source: PickedSource, name: string): PickedPdf | undefined {
  return source.pdfs.find((p) => p.name === name) ?? (source.dir ? { name, path: `${source.dir}/${name}` } : undefined);
}

type AttachInput = Parameters<Api['files']['attach']>[0];

/** Starts files.attach for what was picked: paths where there are paths, bytes otherwise. */
export async function startAttach(
  api: Pick<Api, 'files'>,
  target: { campaignId: string; dossierId?: string },
  source: PickedSource,
  readBase64: (file: File) => Promise<string>,
): Promise<{ jobId: string }> {
  const files = source.pdfs.flatMap((p) => ('path' in p ? [{ name: p.name, path: p.path }] : []));
  const browserFiles = source.pdfs.flatMap((p) => ('file' in p ? [p] : []));
  const uploads = await Promise.all(browserFiles.map(async (p) => ({ name: p.name, dataBase64: await readBase64(p.file) })));
  const input: AttachInput = {
    ...target,
    ...(source.dir ? { dir: source.dir } : {}),
    ...(files.length ? { files } : {}),
    ...(uploads.length ? { uploads } : {}),
  };
  return api.files.attach(input);
}
