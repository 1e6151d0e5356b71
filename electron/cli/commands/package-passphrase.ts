import { readFileSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { Invocation } from '../command';
import { requireString } from './options';

/** The campaign passphrase from `--passphrase-file` (never on the command line: it would show in `ps` and shell history). */
export function readPassphrase(args: Invocation, usage: string): string {
  const path = requireString(args, 'passphrase-file', '口令文件', usage);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('bad_input', `无法读取口令文件：${path}`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (!passphrase) throw new AppError('bad_input', `口令文件为空：${path}`);
  return passphrase;
}
