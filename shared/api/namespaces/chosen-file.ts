import { z } from 'zod';

/**
 * A file the user chose in the app's system dialog, by its path on this computer: the main process
 * reads it, so no bytes cross the IPC message. Refused over HTTP (a browser tab uploads the bytes).
 */
export const ChosenPath = z.object({ path: z.string().min(1, '文件路径不能为空').max(4096, '文件路径过长') }).strict();
export type ChosenPath = z.infer<typeof ChosenPath>;

