/**
 * The campaign package across processes, as people use it: the CLI's export and import, and a
 * laptop whose import is killed with SIGKILL half-way (the store is as before, the next import works).
 */
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { exportCampaignPackage, importCampaignPackage } from '../../electron/core/packages/campaign';
import { useTempDir } from '../foundation/temp';
import { TEAM_1, TEAM_2, apiOf, officeWithTeams } from './campaign-fixture';
import { runCli as cli } from '../fixtures/run-cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PASS = '春季评查口令-2025';

function snapshot(core: Core) {
  const tables = core.store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, core.store.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get()]));
}

describe('campaign package between processes', () => {
  const tempDir = useTempDir();

  it('package export --kind campaign and package import on a new laptop store, then inspect; refusals exit 1', async () => {
    const dir = tempDir();
    const office = await officeWithTeams(dir);
    const campaignId = office.campaign.id;
    office.core.close();
    const pass = join(dir, 'pass.txt');
    writeFileSync(pass, `${PASS}\n`);
    const out = join(dir, 'usb', '第二组.drpkg');
    const exp = cli('package', 'export', '--db', join(dir, 'office.sqlite'), '--campaign', campaignId, '--kind', 'campaign', '--team', TEAM_2, '--out', out, '--passphrase-file', pass, '--json');
    expect(exp.code, exp.stderr).toBe(0);
    expect(JSON.parse(exp.stdout)).toMatchObject({ team: TEAM_2, reviewers: 1, pdfs: 0, files: [out] });

    const info = cli('package', 'inspect', '--in', out, '--json');
    expect(JSON.parse(info.stdout)).toMatchObject({ kind: 'campaign', campaignId });

    const laptopDb = join(dir, 'laptop', 'team2.sqlite');
    const imp = cli('package', 'import', '--db', laptopDb, '--in', out, '--passphrase-file', pass, '--json');
    expect(imp.code, imp.stderr).toBe(0);
    const result = JSON.parse(imp.stdout);
    expect(result).toMatchObject({ kind: 'campaign', campaignId, team: TEAM_2, firstImport: true, conflicts: 0 });
    expect(result.added).toBeGreaterThan(0);
    const again = cli('package', 'import', '--db', laptopDb, '--in', out, '--passphrase-file', pass);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('新增 0 条');

    writeFileSync(pass, 'wrong passphrase');
    const wrong = cli('package', 'import', '--db', join(dir, 'other.sqlite'), '--in', out, '--passphrase-file', pass, '--json');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('口令错误');
    const noTeam = cli('package', 'export', '--db', join(dir, 'office.sqlite'), '--campaign', campaignId, '--kind', 'campaign', '--team', '第九组', '--out', join(dir, 'x'), '--passphrase-file', pass);
    expect(noTeam.code).toBe(1);
    expect(noTeam.stderr).toContain('没有评查组“第九组”');
  });

  it('kill -9 during an import leaves the laptop store as before; the next import cleans up and succeeds', async () => {
    const dir = tempDir();
    const office = await officeWithTeams(dir, { pdfs: 6 });
    const out = join(dir, 'p.drpkg');
    await exportCampaignPackage(office.core.context, {
      campaignId: office.campaign.id, team: TEAM_1, out, passphrase: PASS, actor: 'x', scrypt: { log2N: 10, r: 8, p: 1 }, chunkSize: 16 * 1024,
    });
    office.core.close();
    const store = join(dir, 'laptop.sqlite');
    const fresh = await openCore(store);
    const before = snapshot(fresh);
    fresh.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'test/packages/import-child.ts', store, out, PASS, '0.9'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d) => {
        stdout += String(d);
        if (stdout.includes('PAUSED')) res();
      });
      child.on('exit', () => rej(new Error(`child exited before pausing: ${stdout} ${stderr}`)));
    });
    // Mid-import: PDFs are staged beside the store's files.
    expect(readdirSync(`${store}.files`).some((n) => n.startsWith('.import-'))).toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const after = await openCore(store);
    try {
      expect(snapshot(after)).toEqual(before);
      expect(await apiOf(after).campaigns.list({})).toEqual([]);
      expect(readdirSync(`${store}.files`).filter((n) => n.endsWith('.pdf'))).toEqual([]);
      const r = await importCampaignPackage(after.context, { file: out, passphrase: PASS, actor: 'x' });
      expect(r).toMatchObject({ firstImport: true, pdfsAdded: 6 });
      expect(readdirSync(`${store}.files`).filter((n) => n.startsWith('.import-'))).toEqual([]);
      expect((await apiOf(after).audit.verify({})).ok).toBe(true);
    } finally {
      after.close();
    }
  });
});
