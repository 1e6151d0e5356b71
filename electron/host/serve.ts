/**
 * `npm run serve`: runs the app in an ordinary browser. Opens the store, serves dist/renderer and the
 * API on 127.0.0.1, and prints the one URL (with the per-run access token in its fragment).
 *
 *   npm run serve -- [--db FILE] [--port N]
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../core/index';
import { defaultStorePath, legacyServeStorePath, RENDERER_DIST } from './paths';
import { createHost } from './server';
import { dossierFileSource } from '../core/pdf/serve';

function fail(message: string): never {
  console.error(`错误：${message}`);
  process.exit(1);
}

function currentUser(): string {
  try {
    return userInfo().username || 'local-user';
  } catch {
    return 'local-user';
  }
}

async function main() {
  let values: { db?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { db: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    fail(`${e instanceof Error ? e.message : String(e)}\n用法：npm run serve -- [--db 数据库文件] [--port 端口]`);
  }
  /** The app's store; a store left in serve's old Linux folder is still used (and named) until it is moved. */
  const servedStorePath = (): string => {
    const shared = defaultStorePath();
    const legacy = legacyServeStorePath();
    if (legacy && !existsSync(shared) && existsSync(legacy)) {
      console.error(`提示：使用旧位置的数据库 ${legacy}。桌面程序使用 ${shared}；把该文件（及同名的 .files、.identity 文件夹和 .audit-head.json）移到那里，两者即共用一个数据库。`);
      return legacy;
    }
    return shared;
  };
  if (values.help) {
    console.log('用法：npm run serve -- [--db 数据库文件] [--port 端口]');
    console.log(`  --db    数据库文件（默认：${defaultStorePath()}）`);
    console.log('  --port  监听端口（默认 0：随机空闲端口；只监听 127.0.0.1）');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口无效：${values.port}`);
  const dbPath = resolve(values.db ?? servedStorePath());
  if (!existsSync(join(RENDERER_DIST, 'index.html'))) fail(`找不到界面文件 ${RENDERER_DIST}/index.html，请先运行 npm run build:renderer。`);

  let core;
  try {
    core = await openCore(dbPath);
  } catch (e) {
    fail(`无法打开数据库 ${dbPath}：${e instanceof Error ? e.message : String(e)}`);
  }
  const token = randomBytes(32).toString('base64url');
  const host = createHost({ dispatch: core.dispatch, rendererDir: RENDERER_DIST, token, actor: currentUser(), files: dossierFileSource(core.store) });
  let url: string;
  try {
    ({ url } = await host.listen(port));
  } catch (e) {
    core.close();
    fail(`无法监听端口 ${port}：${e instanceof Error ? e.message : String(e)}`);
  }
  if (!core.store.health.ok) console.error(`警告：${core.store.health.message}`);
  console.log(`Dossier Review 正在运行：${url}#token=${token}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
