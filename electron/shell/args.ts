/** Command-line switches of the desktop app (pure, tested). */
import { resolve } from 'node:path';

/**
 * `--db FILE` or `--db=FILE` anywhere in argv → absolute path; null when absent. Throws (Chinese
 * message) when the switch has no value.
 */
export function dbPathFromArgv(argv: readonly string[], cwd: string = process.cwd()): string | null {
  let found: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let value: string | undefined;
    if (a === '--db') {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('-')) throw new Error('启动参数 --db 后面需要数据库文件的路径。');
      i++;
    } else if (a.startsWith('--db=')) {
      value = a.slice('--db='.length);
      if (!value) throw new Error('启动参数 --db 后面需要数据库文件的路径。');
    } else {
      continue;
    }
    found = resolve(cwd, value);
  }
  return found;
}
