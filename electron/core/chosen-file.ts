/**
 * Files chosen in the app's system dialog arrive as paths and are read here, in the main process, so
 * no bytes cross the IPC message. A browser tab must upload instead: over HTTP a path is refused (a
 * web page must not make the host read this computer's files), before anything is touched, so the
 * answer does not reveal whether the path exists.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CallContext } from '../../shared/api/define';
import { AppError } from '../../shared/errors';

export const PATH_OVER_HTTP_MESSAGE = '通过浏览器导入时不能按路径读取本机文件，请选择文件上传。';

/** Paths come from the CLI, the app (IPC) and tests; never from a browser tab. */
export function refusePathOverHttp(call: CallContext): void {
  if (call.transport === 'http') throw new AppError('invalid_argument', PATH_OVER_HTTP_MESSAGE);
}

export const MB = 1024 * 1024;

/** Reads a chosen file whole, up to `maxBytes`, with a plain Chinese reason when it cannot. */
export async function readChosenFile(path: string, call: CallContext, what: string, maxBytes: number): Promise<{ name: string; bytes: Buffer }> {
  refusePathOverHttp(call);
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (info.size > maxBytes) throw new AppError('invalid_argument', `${what}“${name}”过大（${(info.size / MB).toFixed(1)} MB，上限 ${Math.round(maxBytes / MB)} MB）。`);
    if (info.size === 0) throw new AppError('invalid_argument', `${what}“${name}”是空文件。`);
    return { name, bytes: await handle.readFile() };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : code === 'EISDIR' ? '这是一个文件夹' : String((err as Error).message);
    throw new AppError('invalid_argument', `无法读取${what}“${path}”：${why}。`);
  } finally {
    await handle?.close();
  }
}

/** An upload as the services take it ({name, dataBase64}), from either an upload or a chosen path. */
export async function asUpload<T extends { name: string; dataBase64: string }>(
  ref: T | { path: string },
  call: CallContext,
  what: string,
  maxBytes: number,
): Promise<T | { name: string; dataBase64: string }> {
  if (!('path' in ref)) return ref;
  const { name, bytes } = await readChosenFile(ref.path, call, what, maxBytes);
  return { name, dataBase64: bytes.toString('base64') };
}

/** A chosen text file (UTF-8, BOM dropped; any other encoding is refused by name). */
export async function readChosenText(path: string, call: CallContext, what: string, maxBytes: number): Promise<string> {
  const { name, bytes } = await readChosenFile(path, call, what, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('invalid_argument', `${what}“${name}”不是 UTF-8 编码的文本，请另存为 UTF-8 后再导入。`);
  }
}
