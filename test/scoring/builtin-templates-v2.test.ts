import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtinTemplateId, builtinTemplatesV2 } from '../../db/migrations/0018-builtin-templates-v2';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations';
import { openCore } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import { templateApplies, applicableItems } from '../../shared/domain/scoring/applicability';
import { builtinTemplateList, builtinTemplate } from '../../shared/domain/templates';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

const KEYS = ['PG', 'PS', 'LI', 'CE', 'IN'] as const;
const lead = { actor: '法制科', transport: 'test' as const };

/**
 * Body hashes of the shipped version 1 built-ins. Campaign packages identify a template version by this
 * hash; a v1 body edited in place would make packages from other laptops refuse to merge.
 */
const SHIPPED_V1_SHA256: Record<string, string> = {
  PG: 'ef93149726b73826cfcaf0f044bce921d2b433f587be794609f39ca51dd2befe',
  PS: 'b24689ad884f1d64d0caf1408077e79e2eedb5dbb4c87509f9ef548b093eb6aa',
  LI: 'f3015334a9db2a91c8ed418d95a0812bd0fdf6b1dff1c3d4af895ac7c63f2ba9',
  CE: '5c7556e09a7997e5a5a1fde8ab9c8b5d0ff4c77a1b35a011a61d4d394d15de64',
  IN: '89c1f05c5cd8ccc374e9cff785ad484aa0771df602b1ce3e2b3b981d221b534d',
};

describe('built-in templates version 2', () => {
  it.each(KEYS)('%s v2 cites published law in 依据, never an internal note, and says 普通程序', (key) => {
    const t = builtinTemplate(key, 2)!;
    expect(t.version).toBe(2);
    expect(t.source).not.toMatch(/领域说明|案卷评查领域|内部|设计说明/);
    expect(t.source).toMatch(/^依据《(中华人民共和国|国务院办公厅)/);
    expect(t.source).toContain('组织单位公布的评查标准优先');
    const body = JSON.stringify(t);
    expect(body).not.toContain('一般程序');
    expect(body).not.toContain('领域说明');
    // The items are v1's: only 依据, the version and the procedure's name changed.
    const v1 = builtinTemplate(key, 1)!;
    expect(t.items.map((i) => [i.code, i.maxPoints, i.veto])).toEqual(v1.items.map((i) => [i.code, i.maxPoints, i.veto]));
  });

  it('PG v2 is named for 普通程序 and covers dossiers registered under either name', () => {
    const pg2 = builtinTemplate('PG', 2)!;
    expect(pg2.name).toBe('行政处罚案卷评查标准（普通程序）');
    expect(pg2.procedures).toEqual(['普通程序']);
    const pg1 = builtinTemplate('PG', 1)!;
    for (const t of [pg1, pg2]) {
      for (const procedure of ['一般程序', '普通程序']) {
        expect(templateApplies(t, { caseType: '行政处罚', procedure })).toBe(true);
        expect(applicableItems(t, { caseType: '行政处罚', procedure })).toHaveLength(t.items.length);
      }
      expect(templateApplies(t, { caseType: '行政处罚', procedure: '简易程序' })).toBe(false);
    }
  });

  it('version 1 bodies are exactly as shipped', () => {
    for (const key of KEYS) {
      const v1 = builtinTemplate(key, 1)!;
      expect(createHash('sha256').update(JSON.stringify(v1)).digest('hex')).toBe(SHIPPED_V1_SHA256[key]);
      expect(v1.source).toContain('领域说明'); // unchanged, which is why v2 exists
    }
  });
});

/** Imports a register into the campaign, draws and assigns every dossier, and opens the review of a PG dossier. */
async function openPgReview(api: Api, campaignId: string) {
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 5, count: 40 })), 'gbk');
  const result = await api.registers.import({ campaignId, files: [{ name: '登记表.csv', dataBase64: csv.toString('base64') }] });
  expect(result.errors).toEqual([]);
  await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 4 }, seed: 's' });
  await api.reviewers.add({ campaignId, name: '甲评查', unitName: '示例律师事务所', role: 'reviewer' });
  const { assignments } = await api.assignments.assign({ campaignId, perDossier: 1, seed: 'a' });
  const dossiers = (await api.dossiers.list({ campaignId, offset: 0, limit: 500 })).items;
  const pgDossier = dossiers.find((d) => d.caseType === '行政处罚' && d.procedure !== '简易程序' && assignments.some((a) => a.dossierId === d.id))!;
  expect(pgDossier).toBeDefined();
  const a = assignments.find((x) => x.dossierId === pgDossier.id)!;
  return api.reviews.open({ assignmentId: a.id });
}

describe('the v2 migration: existing campaigns keep version 1, new campaigns get version 2', () => {
  const tempDir = useTempDir();

  it('pins v1 for campaigns that existed before, leaves an office-chosen template alone, and new campaigns score with v2', async () => {
    const path = join(tempDir(), 'old.sqlite');
    const db = new Database(path);
    // The store as it was just before the v2 migration (same number on every laptop once merged).
    const before = MIGRATIONS.filter((x) => x.version < builtinTemplatesV2.version);
    for (const m of before) m.up(db);
    db.pragma(`user_version = ${before.at(-1)!.version}`);
    const ins = db.prepare(`INSERT INTO campaigns (id, name, year, created_at, updated_at) VALUES (?, ?, 2025, 'x', 'x')`);
    const [started, planned, custom, provincialId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    ins.run(started, '进行中的活动');
    ins.run(planned, '尚未开始的活动');
    ins.run(custom, '使用本省标准的活动');
    db.prepare('INSERT INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)').run(started, builtinTemplateId('PG', 1));
    // A provincial standard for 行政处罚 (一般程序) the office pinned for one campaign.
    const provincial = { ...builtinTemplate('PG', 1)!, key: 'HN-PG', name: '某省行政处罚案卷评查标准' };
    const body = JSON.stringify(provincial);
    db.prepare(
      `INSERT INTO checklist_templates (id, template_key, version, name, case_type, procedure, source, body, body_sha256, created_at)
       VALUES (?, 'HN-PG', 1, ?, '行政处罚', '一般程序', 'imported', ?, ?, 'x')`,
    ).run(provincialId, provincial.name, body, createHash('sha256').update(body).digest('hex'));
    db.prepare('INSERT INTO campaign_templates (campaign_id, template_id) VALUES (?, ?)').run(custom, provincialId);
    db.close();

    const core = await openCore(path);
    const api = createApiClient((m, i) => core.dispatch(m, i, lead));
    const versions = async (campaignId: string) =>
      (await api.templates.pinned({ campaignId })).map((t) => `${t.key}@${t.version}`).sort();
    expect(await versions(started)).toEqual(['CE@1', 'IN@1', 'LI@1', 'PG@1', 'PS@1']);
    expect(await versions(planned)).toEqual(['CE@1', 'IN@1', 'LI@1', 'PG@1', 'PS@1']);
    // PG v1 would outrank the province's template (same kind of case), so it is not pinned there.
    expect(await versions(custom)).toEqual(['CE@1', 'HN-PG@1', 'IN@1', 'LI@1', 'PS@1']);
    const v2Rows = (await api.templates.list({})).filter((t) => t.source === 'builtin' && t.version === 2);
    expect(v2Rows.map((t) => t.key).sort()).toEqual([...KEYS].sort());
    for (const t of v2Rows) expect(t.id).toBe(builtinTemplateId(t.key, 2));

    const oldSheet = await openPgReview(api, started);
    expect(oldSheet.template).toMatchObject({ key: 'PG', version: 1 });

    const fresh = await api.campaigns.create({ name: '新活动', year: 2026 });
    const newSheet = await openPgReview(api, fresh.id);
    expect(newSheet.template).toMatchObject({ key: 'PG', version: 2, name: '行政处罚案卷评查标准（普通程序）' });
    expect(newSheet.template.source).not.toContain('领域说明');
    expect((await versions(fresh.id))).toContain('PG@2');
    core.close();
  });

  it('a fresh store holds both versions of each built-in with the same ids and hashes as every other laptop', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) m.up(db);
    const rows = db.prepare(`SELECT id, template_key AS key, version, body, body_sha256 AS sha FROM checklist_templates ORDER BY key, version`).all() as {
      id: string; key: string; version: number; body: string; sha: string;
    }[];
    expect(rows.map((r) => `${r.key}@${r.version}`)).toEqual(builtinTemplateList().map((t) => `${t.key}@${t.version}`).sort());
    for (const r of rows) {
      expect(r.id).toBe(builtinTemplateId(r.key, r.version));
      expect(r.sha).toBe(createHash('sha256').update(r.body).digest('hex'));
      if (r.version === 1) expect(r.sha).toBe(SHIPPED_V1_SHA256[r.key]);
    }
    expect(MIGRATIONS.at(-1)!.version).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });
});
