/**
 * The campaign package: office → an empty team laptop, then a review there; every refusal leaves
 * the laptop's store exactly as it was.
 */
import { createApiClient } from '../../shared/api/contract';
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { FORMAT_VERSION, readPackage } from '../../electron/core/packages';
import { exportCampaignPackage, importCampaignPackage } from '../../electron/core/packages/campaign';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';
import { TEAM_1, TEAM_2, apiOf, officeWithTeams } from './campaign-fixture';

const FAST = { scrypt: { log2N: 10, r: 8, p: 1 }, chunkSize: 64 * 1024 };
const PASS = '春季评查口令-2025';

/** Every table's row count, and the PDFs in the store folder: "the store as it was". */
function snapshot(core: Core) {
  const tables = core.store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  const counts = Object.fromEntries(tables.map((t) => [t, core.store.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get()]));
  const files = existsSync(core.store.filesDir) ? readdirSync(core.store.filesDir).sort() : [];
  return { counts, files };
}

const reasonOf = (e: AppError) => (e.details as { reason?: string } | undefined)?.reason;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('campaign package', () => {
  const tempDir = useTempDir();
  const open: Core[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  const laptop = async (dir: string, name = 'laptop.sqlite') => {
    const core = await openCore(join(dir, name));
    open.push(core);
    return core;
  };

  async function exported(opts: { partSize?: number } = {}) {
    const dir = tempDir();
    const office = await officeWithTeams(dir);
    open.push(office.core);
    const out = join(dir, 'usb', '第一组.drpkg');
    const result = await exportCampaignPackage(office.core.context, { campaignId: office.campaign.id, team: TEAM_1, out, passphrase: PASS, actor: '法制科', ...FAST, ...opts });
    return { dir, office, out, result };
  }

  it('carries one team to an empty laptop, which can review at once; the office key and origin are recorded', async () => {
    const { dir, office, out, result } = await exported();
    expect(result).toMatchObject({ team: TEAM_1, reviewers: 2, pdfs: 3, dossiers: office.team1.length, assignments: office.team1.length });
    const progress: number[] = [];
    const team = await laptop(dir);
    const imported = await importCampaignPackage(team.context, { file: out, passphrase: PASS, actor: '甲评查', onProgress: (d) => progress.push(d) });
    expect(imported).toMatchObject({ campaignId: office.campaign.id, team: TEAM_1, firstImport: true, pdfsAdded: 3 });
    // The office's holiday calendar replaces the one this laptop's store was seeded with (loaded_at differs).
    expect(imported.tables.find((t) => t.table === 'calendar_years')?.changed).toBeGreaterThan(0);
    expect(imported.officeFingerprint).toBe(office.core.context.identity().fingerprint);
    expect(progress.length).toBeGreaterThan(1);

    const api = apiOf(team, '甲评查');
    const [campaign] = await api.campaigns.list({});
    expect(campaign).toMatchObject({ id: office.campaign.id, name: office.campaign.name, dossierCount: office.team1.length });
    // Only this team's roster and assignments; no other team's reviewer or dossier.
    const roster = await api.reviewers.list({ campaignId: campaign.id });
    expect(roster.map((r) => r.name).sort()).toEqual(['丙组长', '甲评查']);
    const assignments = await api.assignments.list({ campaignId: campaign.id });
    expect(assignments.map((a) => a.id).sort()).toEqual(office.team1.map((a) => a.id).sort());
    expect(assignments.some((a) => office.team2.some((b) => b.dossierId === a.dossierId))).toBe(false);

    // PDFs byte for byte, and the document maps as the office has them.
    for (const a of office.withPdf) {
      const [there] = await office.api.files.list({ dossierId: a.dossierId });
      const [here] = await api.files.list({ dossierId: a.dossierId });
      expect(here).toMatchObject({ id: there.id, sha256: there.sha256, pageCount: there.pageCount });
      expect(readFileSync(join(team.store.filesDir, `${here.sha256}.pdf`))).toEqual(readFileSync(join(office.core.store.filesDir, `${there.sha256}.pdf`)));
      const map = await api.files.documentMap({ dossierId: a.dossierId });
      expect(map.length).toBeGreaterThan(0);
      expect(map).toEqual(await office.api.files.documentMap({ dossierId: a.dossierId }));
    }
    // The holiday calendar and the templates in force came along.
    const days = (c: Core) => c.store.db.prepare('SELECT COUNT(*) FROM calendar_days').pluck().get();
    expect(days(team)).toBe(days(office.core));
    // …and the campaign's rule settings.
    const settings = await api.ruleSettings.get({ campaignId: campaign.id });
    expect(settings.stored.map((x) => [x.key, x.value])).toEqual([['largeFine.单位', 50_000]]);

    // Office key and origin recorded; the import is in the laptop's audit log.
    const origin = team.store.db.prepare('SELECT * FROM campaign_origins').all() as { team: string; office_fingerprint: string }[];
    expect(origin).toEqual([expect.objectContaining({ team: TEAM_1, office_fingerprint: office.core.context.identity().fingerprint })]);
    const audit = await api.audit.list({ limit: 5 });
    expect(audit.some((e) => e.action === 'import_campaign_package' && e.actor === '甲评查')).toBe(true);
    expect((await api.audit.verify({})).ok).toBe(true);
    // The laptop cannot pass itself off as the office.
    const relay = await refusal(exportCampaignPackage(team.context, { campaignId: campaign.id, team: TEAM_1, out: join(dir, 'relay.drpkg'), passphrase: PASS, actor: 'x', ...FAST }));
    expect(relay.message).toContain('只能由法制机构生成');

    // Review there: open, answer, and the score follows.
    const mine = assignments.find((a) => office.withPdf.some((p) => p.id === a.id))!;
    const sheet = await api.reviews.open({ assignmentId: mine.id });
    const saved = await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sheet.applicable[0], verdict: 'conform', pageRefs: [{ page: 1 }] });
    expect(saved.revision).toBeGreaterThan(sheet.review.revision);
    expect((await api.reviews.get({ reviewId: sheet.review.id })).answers.map((x) => x.itemCode)).toEqual([sheet.applicable[0]]);
    // The office's audit records what left, and no private key or PIN is in the package's rows.
    const officeAudit = await office.api.audit.list({ limit: 5 });
    expect(officeAudit.some((e) => e.action === 'export_campaign_package')).toBe(true);
  });

  it('is idempotent: the same package again adds nothing and keeps what the laptop changed', async () => {
    const { dir, out } = await exported();
    const team = await laptop(dir);
    await importCampaignPackage(team.context, { file: out, passphrase: PASS, actor: '甲' });
    const api = apiOf(team);
    const [a] = await api.assignments.list({ campaignId: (await api.campaigns.list({}))[0].id });
    const sheet = await api.reviews.open({ assignmentId: a.id });
    await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sheet.applicable[0], verdict: 'na', note: '本机的结论' });
    const before = snapshot(team);
    const again = await importCampaignPackage(team.context, { file: out, passphrase: PASS, actor: '甲' });
    expect(again).toMatchObject({ firstImport: false, added: 0, changed: 0, pdfsAdded: 0, pdfsUnchanged: 3 });
    expect(again.unchanged).toBeGreaterThan(100);
    const after = snapshot(team);
    expect({ ...after.counts, audit_log: 0 }).toEqual({ ...before.counts, audit_log: 0 });
    expect(after.counts.audit_log).toBe(Number(before.counts.audit_log) + 1);
    expect(after.files).toEqual(before.files);
    const kept = await api.reviews.get({ reviewId: sheet.review.id });
    expect(kept.answers.find((x) => x.itemCode === sheet.applicable[0])?.note).toBe('本机的结论');
  });

  it('refuses a wrong passphrase, any altered byte, a bad signature, a missing part and a newer format — nothing imported', async () => {
    const { dir, out, result } = await exported({ partSize: 64 * 1024 });
    expect(result.files.length).toBeGreaterThan(2);
    const team = await laptop(dir);
    const before = snapshot(team);
    const attempt = async (reason: string, file = out, passphrase = PASS) => {
      const err = await refusal(importCampaignPackage(team.context, { file, passphrase, actor: 'x' }));
      expect(reasonOf(err), err.message).toBe(reason);
      expect(err.message).toContain('未导入任何内容');
      expect(snapshot(team)).toEqual(before);
      return err;
    };
    expect((await attempt('wrong_passphrase', out, '不是这个口令')).message).toContain('口令错误');

    const flip = async (file: string, at: number, reason: string) => {
      const bytes = readFileSync(file);
      const pos = at < 0 ? bytes.length + at : at;
      bytes[pos] ^= 0x40;
      writeFileSync(file, bytes);
      try {
        await attempt(reason);
      } finally {
        bytes[pos] ^= 0x40;
        writeFileSync(file, bytes);
      }
    };
    const [first, second] = result.files;
    const last = result.files[result.files.length - 1];
    await flip(first, 30, 'damaged'); // header: the signer key
    await flip(first, 5000, 'damaged'); // first chunk
    await flip(second, 100, 'damaged'); // a later part
    await flip(last, -10, 'bad_signature'); // the signature itself
    // Newer format: refused before anything else is read.
    const header = readFileSync(first);
    header.writeUInt16BE(FORMAT_VERSION + 1, 8);
    writeFileSync(`${first}.bak`, readFileSync(first));
    writeFileSync(first, header);
    expect((await attempt('newer_version')).message).toContain('升级');
    renameSync(`${first}.bak`, first);
    // A missing part.
    renameSync(second, `${second}.away`);
    expect((await attempt('missing_part')).message).toContain('第 2 部分');
    renameSync(`${second}.away`, second);
    unlinkSync(last);
    await attempt(result.files.length > 2 ? 'missing_part' : 'truncated');
  });

  it('refuses a laptop that holds another campaign, and the office its own package', async () => {
    const { dir, office, out } = await exported();
    const busy = await laptop(dir, 'busy.sqlite');
    await apiOf(busy).campaigns.create({ name: '本机已有的活动', year: 2025 });
    const before = snapshot(busy);
    const err = await refusal(importCampaignPackage(busy.context, { file: out, passphrase: PASS, actor: 'x' }));
    expect(reasonOf(err)).toBe('not_empty');
    expect(err.message).toContain('本机已有的活动');
    expect(snapshot(busy)).toEqual(before);

    const own = await refusal(importCampaignPackage(office.core.context, { file: out, passphrase: PASS, actor: 'x' }));
    expect(reasonOf(own)).toBe('own_campaign');

    // A laptop reviewing campaign A is offered campaign B's package.
    const other = await officeWithTeams(tempDir());
    open.push(other.core);
    const otherOut = join(dir, 'other.drpkg');
    await exportCampaignPackage(other.core.context, { campaignId: other.campaign.id, team: TEAM_2, out: otherOut, passphrase: PASS, actor: 'x', ...FAST });
    const team = await laptop(dir);
    await importCampaignPackage(team.context, { file: out, passphrase: PASS, actor: 'x' });
    const reviewing = snapshot(team);
    const wrong = await refusal(importCampaignPackage(team.context, { file: otherOut, passphrase: PASS, actor: 'x' }));
    expect(reasonOf(wrong)).toBe('other_campaign');
    expect(snapshot(team)).toEqual(reviewing);
  });

  it('refuses another team’s package on a laptop reviewing this campaign, and stops on cancel — nothing imported', async () => {
    const { dir, office, out } = await exported();
    const team = await laptop(dir);
    await importCampaignPackage(team.context, { file: out, passphrase: PASS, actor: 'x' });
    const before = snapshot(team);
    const second = join(dir, 'second.drpkg');
    await exportCampaignPackage(office.core.context, { campaignId: office.campaign.id, team: TEAM_2, out: second, passphrase: PASS, actor: 'x', ...FAST });
    const wrongTeam = await refusal(importCampaignPackage(team.context, { file: second, passphrase: PASS, actor: 'x' }));
    expect(reasonOf(wrongTeam)).toBe('other_team');
    expect(wrongTeam.message).toContain('第二组');
    expect(snapshot(team)).toEqual(before);

    const fresh = await laptop(dir, 'fresh.sqlite');
    const empty = snapshot(fresh);
    const abort = new AbortController();
    const cancelled = await refusal(
      importCampaignPackage(fresh.context, { file: out, passphrase: PASS, actor: 'x', signal: abort.signal, onProgress: (done, total) => done > total / 2 && abort.abort() }),
    );
    expect(cancelled.code).toBe('cancelled');
    expect(snapshot(fresh)).toEqual(empty);
  });

  it('refuses an unknown team, a team without dossiers and a short passphrase, writing nothing', async () => {
    const dir = tempDir();
    const office = await officeWithTeams(dir, { pdfs: 0 });
    open.push(office.core);
    const out = join(dir, 'x.drpkg');
    const run = (team: string, passphrase = PASS) =>
      refusal(exportCampaignPackage(office.core.context, { campaignId: office.campaign.id, team, out, passphrase, actor: 'x', ...FAST }));
    expect((await run('第九组')).message).toMatch(/没有评查组“第九组”.*第一组.*第二组/);
    expect((await run(TEAM_1, 'short')).message).toContain('至少 8 个字符');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});

describe('what never travels', () => {
  const tempDir = useTempDir();

  it('a reviewer PIN hash or any secret-looking column stays at the office', async () => {
    const dir = tempDir();
    const office = await officeWithTeams(dir, { pdfs: 0 });
    try {
      // Reviewer PINs (docs/roles.md): the export drops the hash column by its name.
      const api = createApiClient((m, i) => office.core.dispatch(m, i, { actor: 'x', transport: 'test' }));
      for (const r of await api.reviewers.list({ campaignId: office.campaign.id })) await api.session.setPin({ reviewerId: r.id, pin: '2468' });
      const hashes = office.core.store.db.prepare('SELECT pin_hash FROM reviewers WHERE pin_hash IS NOT NULL').pluck().all() as string[];
      expect(hashes.length).toBeGreaterThan(1);
      const out = join(dir, 'p.drpkg');
      await exportCampaignPackage(office.core.context, { campaignId: office.campaign.id, team: TEAM_1, out, passphrase: PASS, actor: 'x', ...FAST });
      const pkg = await readPackage(out, { passphrase: PASS, expectedCampaignId: office.campaign.id });
      const reviewers: Record<string, unknown>[] = [];
      let text = '';
      for await (const e of pkg.entries()) {
        if (e.type !== 'record') continue;
        text += JSON.stringify(e.value);
        if (e.name === 'rows/reviewers') reviewers.push(...(e.value as { rows: Record<string, unknown>[] }).rows);
      }
      expect(reviewers.map((r) => r.name).sort()).toEqual(['丙组长', '甲评查']);
      expect(Object.keys(reviewers[0])).not.toContain('pin_hash');
      for (const h of hashes) expect(text).not.toContain(h.split('$').pop()!);
      expect(text).not.toContain('PRIVATE KEY');
    } finally {
      office.core.close();
    }
  });
});
