/**
 * The native file dialogs behind window.dossierShell.dialog (shared/shell-dialog.ts): the request is
 * checked here, in the main process — sender (the main window's top frame only: not a viewer window,
 * an iframe or another page), then the arguments (zod) — and turned into Electron dialog options.
 * Pure: main.ts injects the dialog calls, so this is tested without Electron.
 */
import { z } from 'zod';
import type { DialogEnvelope, DialogRequest, DialogResult } from '../../shared/shell-dialog';
import { isAllowedSender, type FrameLike } from './security';

const text = (max: number) => z.string().max(max, `不能超过 ${max} 个字符`).refine((s) => !/[\u0000-\u001f]/.test(s), '不能含控制字符');
const Filters = z
  .array(
    z.object({
      name: text(60),
      extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,12})$/, '扩展名只能是字母和数字（不带点）')).min(1).max(12),
    }),
  )
  .max(12);
const Title = text(120).optional();

const DialogRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('openFiles'), title: Title, filters: Filters.optional(), multiple: z.boolean().optional() }).strict(),
  z
    .object({
      kind: z.literal('saveFile'),
      title: Title,
      // A name only: the page suggests a file name, never where on disk to write.
      defaultName: text(200).refine((s) => !/[\\/]/.test(s) && s !== '..' && s !== '.', '建议的文件名不能包含文件夹').optional(),
      filters: Filters.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('openDirectory'), title: Title }).strict(),
]);

/** The options Electron's showOpenDialog / showSaveDialog take, for a validated request. */
export type ElectronDialogCall =
  | { method: 'showOpenDialog'; options: { title?: string; filters?: { name: string; extensions: string[] }[]; properties: string[] } }
  | { method: 'showSaveDialog'; options: { title?: string; defaultPath?: string; filters?: { name: string; extensions: string[] }[]; properties: string[] } };

export function electronDialogCall(req: DialogRequest, documentsDir: string, join: (a: string, b: string) => string): ElectronDialogCall {
  const title = req.title ? { title: req.title } : {};
  if (req.kind === 'openFiles') {
    return {
      method: 'showOpenDialog',
      options: { ...title, ...(req.filters?.length ? { filters: req.filters } : {}), properties: ['openFile', ...(req.multiple ? ['multiSelections'] : [])] },
    };
  }
  if (req.kind === 'openDirectory') return { method: 'showOpenDialog', options: { ...title, properties: ['openDirectory', 'createDirectory'] } };
  return {
    method: 'showSaveDialog',
    options: {
      ...title,
      defaultPath: req.defaultName ? join(documentsDir, req.defaultName) : documentsDir,
      ...(req.filters?.length ? { filters: req.filters } : {}),
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    },
  };
}

export interface DialogHandlerOptions {
  /** The main window's top-level frame, or null while there is none. */
  expectedFrame(): FrameLike | null;
  devOrigin?: string | null;
  /** Shows the dialog (parented to the main window) and returns what the user chose. */
  show(req: DialogRequest): Promise<DialogResult>;
}

/** The body of ipcMain.handle(DIALOG_CHANNEL, …). */
export function createDialogHandler(opts: DialogHandlerOptions) {
  return async (event: { senderFrame: FrameLike | null }, request: unknown): Promise<DialogEnvelope> => {
    if (!isAllowedSender(event.senderFrame, opts.expectedFrame(), opts.devOrigin ?? null)) {
      return { ok: false, error: { code: 'unauthorized', message: '已拒绝：文件对话框只能由本应用的主窗口打开。' } };
    }
    const parsed = DialogRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `（${issue.path.join('.')}）` : '';
      return { ok: false, error: { code: 'invalid_argument', message: `文件对话框的参数无效${where}：${issue?.message ?? ''}` } };
    }
    try {
      const result = await opts.show(parsed.data as DialogRequest);
      return { ok: true, value: result };
    } catch (err) {
      return { ok: false, error: { code: 'internal', message: `无法打开文件对话框：${err instanceof Error ? err.message : String(err)}` } };
    }
  };
}
