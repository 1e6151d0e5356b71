/** `audit verify` / `audit acknowledge`, and how every CLI command treats a store whose audit log ends before its signed head. */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as cli } from './fixtures/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'dossier-cli-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI: audit gap', () => {
  it('warns on every command, refuses writes (exit 3), verify fails, acknowledge needs the head number and then writes resume', () => {
    const db = join(dir, 'store.sqlite');
    expect(cli('init', '--db', db).code).toBe(0);
    expect(cli('campaign', 'create', '--db', db, '--name', '甲', '--year', '2026').code).toBe(0);
    copyFileSync(db, join(dir, 'older.sqlite'));
    expect(cli('campaign', 'create', '--db', db, '--name', '乙', '--year', '2026').code).toBe(0);
    const intact = cli('audit', 'verify', '--db', db, '--json');
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, head: { state: 'ok' } });
    copyFileSync(join(dir, 'older.sqlite'), db);

    const list = cli('campaign', 'list', '--db', db, '--json');
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/审计日志比签名链头少 1 条/);
    const headSeq = Number(/--head (\d+)/.exec(list.stderr)?.[1]);
    expect(headSeq).toBeGreaterThan(0);

    const refused = cli('campaign', 'create', '--db', db, '--name', '丙', '--year', '2026');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/不会写入任何修改/);

    const verify = cli('audit', 'verify', '--db', db);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/审计日志比签名链头少 1 条/);

    const noHead = cli('audit', 'acknowledge', '--db', db);
    expect(noHead.code).toBe(2);
    expect(noHead.stderr).toContain(`--head ${headSeq}`);
    expect(cli('audit', 'acknowledge', '--db', db, '--head', String(headSeq + 1)).code).toBe(1);

    const ack = cli('audit', 'acknowledge', '--db', db, '--head', String(headSeq), '--json');
    expect(ack.code, ack.stderr).toBe(0);
    expect(JSON.parse(ack.stdout)).toMatchObject({ acknowledged: { kind: 'shortened', headSeq, missingCount: 1 } });
    const again = cli('campaign', 'create', '--db', db, '--name', '丙', '--year', '2026');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(cli('audit', 'verify', '--db', db).code).toBe(0);
  });

  it('a deleted signed-head file: every command says so, writes exit 3 until acknowledged', () => {
    const db = join(dir, 'deleted-head.sqlite');
    expect(cli('init', '--db', db).code).toBe(0);
    expect(cli('campaign', 'create', '--db', db, '--name', '甲', '--year', '2026').code).toBe(0);
    rmSync(`${db}.audit-head.json`);

    const refused = cli('campaign', 'create', '--db', db, '--name', '丙', '--year', '2026');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/签名链头文件缺失/);
    expect(existsSync(`${db}.audit-head.json`)).toBe(false);
    const headSeq = Number(/--head (\d+)/.exec(refused.stderr)?.[1]);
    expect(headSeq).toBeGreaterThan(0);

    const ack = cli('audit', 'acknowledge', '--db', db, '--head', String(headSeq), '--json');
    expect(ack.code, ack.stderr).toBe(0);
    expect(JSON.parse(ack.stdout)).toMatchObject({ acknowledged: { kind: 'head_missing', headSeq } });
    const again = cli('campaign', 'create', '--db', db, '--name', '丙', '--year', '2026');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
  });
});
