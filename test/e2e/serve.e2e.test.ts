/**
 * `npm run serve` as a user runs it: a separate process on a temporary database, one printed URL
 * with the token in its fragment, and a clean stop on SIGTERM.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../electron/host/paths';
import { assertRendererBuilt, tempDir } from './support';

describe('npm run serve (electron/host/serve.ts)', () => {
  it('prints the URL with a fresh token, serves the app and the API, and stops cleanly on SIGTERM', async () => {
    assertRendererBuilt();
    const dbPath = join(tempDir(), 'nested', 'store.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron/host/serve.ts'), '--db', dbPath, '--port', '0'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString('utf8');
          const nl = stdout.indexOf('\n');
          if (nl >= 0) resolve(stdout.slice(0, nl));
        });
        child.on('exit', (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
      });
      const m = /^Dossier Review 正在运行：(http:\/\/127\.0\.0\.1:(\d+)\/)#token=([A-Za-z0-9_-]+)$/.exec(line);
      expect(m, line).not.toBeNull();
      const [, base, , token] = m!;
      expect(token).toHaveLength(43); // 32 random bytes, base64url

      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('lang="zh-CN"');

      expect((await fetch(`${base}api/campaigns.list`, { method: 'POST', body: '{}' })).status).toBe(401);
      const created = await fetch(`${base}api/campaigns.create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: '命令行启动的活动', year: 2026 }),
      });
      expect(await created.json()).toMatchObject({ ok: true, value: { name: '命令行启动的活动' } });
      const info = (await (await fetch(`${base}api/system.info`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).json()) as {
        value: { storePath: string };
      };
      expect(info.value.storePath).toBe(dbPath);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT name FROM campaigns').all()).toEqual([{ name: '命令行启动的活动' }]);
    } finally {
      db.close();
    }
  });
});
