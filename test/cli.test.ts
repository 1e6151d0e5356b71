/**
 * The `dossier-review` CLI, run as a child process exactly as a user would run it, against
 * temporary store files. Checks the JSON it prints, its exit codes and what ends up in the store.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../db/audit';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../db/migrations';
import { openStore } from '../db/store';
import { COMMANDS } from '../electron/cli/commands';
import { runCli as cli } from './fixtures/run-cli';


/** Runs and parses stdout as JSON, failing with stderr in the message when the exit code is not 0. */
function cliJson<T = unknown>(...args: string[]): T {
  const r = cli(...args, '--json');
  expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

const sha256File = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface InitJson {
  db: string;
  schemaVersion: number;
  storeId: string;
  created: boolean;
  backups: string[];
}

interface CampaignJson {
  id: string;
  name: string;
  year: number;
  organiser: string;
  scopeNotes: string;
  phase: string;
  dossierCount: number;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-review-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dossier-review CLI', () => {
  it('prints usage listing every command for no arguments, help and --help', () => {
    for (const args of [[], ['help'], ['--help']]) {
      const r = cli(...args);
      expect(r.code).toBe(0);
      for (const name of Object.keys(COMMANDS)) expect(r.stdout).toContain(name);
      expect(r.stdout).toContain('用法');
    }
    const one = cli('help', 'campaign', 'create');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('--year');
  });

  it('init creates a store once and then finds nothing to migrate', () => {
    const db = join(dir, 'init.sqlite');
    const first = cliJson<InitJson>('init', '--db', db);
    expect(first.created).toBe(true);
    expect(first.db).toBe(db);
    expect(first.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(first.storeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(first.backups).toEqual([]);

    const second = cliJson<InitJson>('init', '--db', db);
    expect(second).toEqual({ ...first, created: false, backups: [] });
  });

  it('init migrates an older store, keeps its id, and reports the backup it wrote first', () => {
    const db = join(dir, 'old.sqlite');
    const first = MIGRATIONS[0];
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThan(first.version);
    const raw = new Database(db);
    first.up(raw);
    raw.pragma(`user_version = ${first.version}`);
    raw.prepare(`INSERT INTO meta (key, value) VALUES ('store_id', 'old-store-id'), ('created_at', '2025-01-01T00:00:00.000Z')`).run();
    raw.close();

    const migrated = cliJson<InitJson>('init', '--db', db);
    expect(migrated).toMatchObject({ created: false, schemaVersion: LATEST_SCHEMA_VERSION, storeId: 'old-store-id' });
    expect(migrated.backups).toHaveLength(1);
    const backup = new Database(migrated.backups[0], { readonly: true });
    try {
      expect(backup.pragma('user_version', { simple: true })).toBe(first.version);
    } finally {
      backup.close();
    }
    expect(cliJson<InitJson>('init', '--db', db).backups).toEqual([]);
  });

  it('campaign create → list → show round-trips through the store, audited under --actor', async () => {
    const db = join(dir, 'campaigns.sqlite');
    cliJson('init', '--db', db);
    const created = cliJson<CampaignJson>(
      'campaign', 'create', '--db', db, '--name', '2025年度行政执法案卷评查', '--year', '2025',
      '--organiser', '市司法局', '--scope', '市级部门 2024 年办结案件', '--actor', '张三',
    );
    expect(created).toMatchObject({
      name: '2025年度行政执法案卷评查',
      year: 2025,
      organiser: '市司法局',
      scopeNotes: '市级部门 2024 年办结案件',
      phase: 'planned',
      dossierCount: 0,
    });
    expect(typeof created.id).toBe('string');

    const listed = cliJson<CampaignJson[]>('campaign', 'list', '--db', db);
    expect(listed).toEqual([created]);
    expect(cliJson<CampaignJson>('campaign', 'show', '--db', db, '--campaign', created.id)).toEqual(created);
    expect(cliJson<CampaignJson>('campaign', 'show', '--db', db, created.id)).toEqual(created);

    const text = cli('campaign', 'list', '--db', db);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('名称');
    expect(text.stdout).toContain('方案制定');
    expect(text.stdout).toContain(created.id);

    const store = await openStore(db);
    try {
      const audit = listAudit(store.db, { entityId: created.id, limit: 10 });
      expect(audit.map((a) => [a.actor, a.action, a.entity])).toEqual([['张三', 'create', 'campaign']]);
    } finally {
      store.close();
    }
  });

  it('rejects an invalid year with a Chinese message on stderr and stores nothing', () => {
    const db = join(dir, 'invalid.sqlite');
    cliJson('init', '--db', db);
    for (const [year, message] of [
      ['1999', '年度不能早于 2000'],
      ['二〇二五', '年度必须是整数'],
    ]) {
      const r = cli('campaign', 'create', '--db', db, '--name', '测试', '--year', year, '--json');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('错误：');
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
    expect(cliJson('campaign', 'list', '--db', db)).toEqual([]);
  });

  it('reports a missing campaign as not found (exit 1)', () => {
    const db = join(dir, 'notfound.sqlite');
    cliJson('init', '--db', db);
    const r = cli('campaign', 'show', '--db', db, '01900000-0000-7000-8000-000000000000');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('评查活动不存在');
  });

  it('refuses to create a store implicitly for commands other than init', () => {
    const db = join(dir, 'never-created.sqlite');
    const r = cli('campaign', 'list', '--db', db);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据库文件不存在');
    expect(() => statSync(db)).toThrow();
  });

  it('exits 2 for usage errors: unknown command, unknown option, missing --db', () => {
    const unknown = cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未知命令：frobnicate');
    expect(unknown.stdout).toBe('');

    const badOption = cli('campaign', 'list', '--db', join(dir, 'x.sqlite'), '--colour');
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('未知选项：--colour');

    const noDb = cli('campaign', 'list', '--json');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('--db');
    expect(noDb.stdout).toBe('');

    const noSub = cli('campaign');
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toContain('create');
  });

  it('exits 3 on a damaged store and leaves the file byte-for-byte unchanged', () => {
    const good = join(dir, 'good.sqlite');
    cliJson('init', '--db', good);
    for (let i = 0; i < 3; i++) {
      cliJson('campaign', 'create', '--db', good, '--name', `活动${i}`, '--year', '2025', '--scope', '范围'.repeat(1500));
    }

    // (a) garbage over the header: not recognisable as SQLite at all.
    const header = join(dir, 'damaged-header.sqlite');
    copyFileSync(good, header);
    const bytes = readFileSync(header);
    randomBytes(4096).copy(bytes, 0);
    writeFileSync(header, bytes);
    // (b) garbage over the last pages: the header is intact, the b-trees are not.
    const tail = join(dir, 'damaged-tail.sqlite');
    copyFileSync(good, tail);
    const tailBytes = readFileSync(tail);
    const garbage = Buffer.alloc(3 * 4096, 0xa5);
    garbage.copy(tailBytes, tailBytes.length - garbage.length);
    writeFileSync(tail, tailBytes);

    for (const file of [header, tail]) {
      const before = sha256File(file);
      for (const args of [
        ['init', '--db', file],
        ['campaign', 'create', '--db', file, '--name', '不应写入', '--year', '2025'],
      ]) {
        const r = cli(...args, '--json');
        expect(r.code, `${args.join(' ')} → ${r.stderr}`).toBe(3);
        expect(r.stderr).toMatch(/损坏|文件头无效/);
        expect(r.stdout).toBe('');
      }
      expect(sha256File(file)).toBe(before);
    }
  });

  it('refuses an existing 0-byte store as empty (exit 3), not as missing, and leaves it empty', () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    for (const args of [['campaign', 'list', '--db', empty], ['init', '--db', empty]]) {
      const r = cli(...args);
      expect(r.code, `${args.join(' ')} → ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain('空文件');
      expect(r.stderr).not.toContain('不存在');
    }
    expect(statSync(empty).size).toBe(0);
  });

  it('a truncated store: writes refused with the damage message (exit 3), file unchanged', () => {
    const good = join(dir, 'to-truncate.sqlite');
    cliJson('init', '--db', good);
    for (let i = 0; i < 3; i++) cliJson('campaign', 'create', '--db', good, '--name', `活动${i}`, '--year', '2025', '--scope', '范围'.repeat(1500));
    const bytes = readFileSync(good);
    writeFileSync(good, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = sha256File(good);
    const r = cli('campaign', 'create', '--db', good, '--name', '不应写入', '--year', '2025');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain('已损坏');
    expect(r.stderr).not.toContain('内部错误');
    expect(sha256File(good)).toBe(before);
  });
});
