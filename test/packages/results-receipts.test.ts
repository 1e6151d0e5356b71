/**
 * Receipts (#18): the office writes a merged package's receipt with the same function the CLI uses
 * (`results.saveReceipt`), it is recorded and listed per laptop; on the laptop `results.acknowledge`
 * takes it for the campaign on screen and refuses, by name, a receipt for another laptop, another
 * campaign, another office, or one edited on the way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiptFileName } from '../../shared/api/namespaces/results';
import { useTempDir } from '../foundation/temp';
import { copySite, exportFrom, importInto, makeOffice, review, type Site } from './results-helpers';

const open: Site[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.core.close();
});

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string; details?: { reason?: string } };
  }
  throw new Error('expected a refusal');
};

describe('receipts of results packages', () => {
  const tempDir = useTempDir();

  it('saves a receipt at the office, lists it per laptop, and the laptop records it for its campaign only', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'a.sqlite'), '甲评查');
    const b = await copySite(office, join(dir, 'b.sqlite'), '乙评查');
    open.push(office, a, b);
    await review(a, assignments[0].id, { submit: true });
    await review(b, assignments[1].id, { submit: true });
    const pa = await exportFrom(a, campaign.id, join(dir, '甲组.drpkg'));
    const pb = await exportFrom(b, campaign.id, join(dir, '乙组.drpkg'));
    const ia = await importInto(office, pa.files[0]);
    await importInto(office, pb.files[0]);

    let list = await office.api.results.receipts({ campaignId: campaign.id });
    expect(list.map((r) => [r.fileName, r.receipts, r.lastIssuedAt])).toEqual([
      ['甲组.drpkg', 0, null],
      ['乙组.drpkg', 0, null],
    ]);
    const out = join(dir, receiptFileName(pa.files[0]));
    expect(out.endsWith('甲组.drpkg.receipt.json')).toBe(true);
    const saved = await office.api.results.saveReceipt({ importId: ia.importId, out });
    expect(saved).toMatchObject({ file: out, exportId: pa.exportId });
    const onDisk = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ kind: 'results-receipt', exportId: pa.exportId, campaignId: campaign.id });
    list = await office.api.results.receipts({ campaignId: campaign.id });
    expect(list.find((r) => r.importId === ia.importId)).toMatchObject({ receipts: 1, lastFilePath: out, lastIssuedBy: '法制科', fingerprint: pa.signerFingerprint });
    expect((await office.api.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'issue_results_receipt', actor: '法制科' });
    // The same package imported again is still one package, with its receipt.
    await importInto(office, pa.files[0]);
    list = await office.api.results.receipts({ campaignId: campaign.id });
    expect(list.map((r) => [r.fileName, r.timesImported, r.receipts])).toEqual([
      ['甲组.drpkg', 2, 1],
      ['乙组.drpkg', 1, 0],
    ]);
    await expect(office.api.results.saveReceipt({ importId: ia.importId, out: join(dir, 'no-such-folder', 'r.json') })).rejects.toThrow(/文件夹不存在/);

    // B's laptop: A's receipt names another laptop.
    expect((await refusal(b.api.results.acknowledge({ receipt: onDisk, campaignId: campaign.id }))).details?.reason).toBe('other_laptop');
    // A's laptop, with another campaign on screen: refused by the receipt's campaign name.
    const other = await a.api.campaigns.create({ name: '2026 年度评查', year: 2026 });
    const wrongCampaign = await refusal(a.api.results.acknowledge({ receipt: onDisk, campaignId: other.id }));
    expect(wrongCampaign.details?.reason).toBe('other_campaign');
    expect(wrongCampaign.message).toContain('“2025 年度评查”');
    // Edited on the way.
    expect((await refusal(a.api.results.acknowledge({ receipt: { ...onDisk, exportId: pb.exportId }, campaignId: campaign.id }))).details?.reason).toBe('bad_signature');
    expect((await a.api.results.exports({ campaignId: campaign.id }))[0].acknowledgedAt).toBeNull();

    const ok = await a.api.results.acknowledge({ receipt: onDisk, campaignId: campaign.id });
    expect(ok).toMatchObject({ exportId: pa.exportId, alreadyAcknowledged: false });
    expect((await a.api.results.exports({ campaignId: campaign.id }))[0].acknowledgedAt).not.toBeNull();
    expect((await a.api.results.acknowledge({ receipt: onDisk, campaignId: campaign.id })).alreadyAcknowledged).toBe(true);
  });

  it('refuses on a laptop a receipt signed by an office other than the one whose campaign package it imported', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'a.sqlite'), '甲评查');
    open.push(office, a);
    await review(a, assignments[0].id, { submit: true });
    const pa = await exportFrom(a, campaign.id, join(dir, 'a.drpkg'));
    const ia = await importInto(office, pa.files[0]);
    const out = join(dir, 'r.json');
    await office.api.results.saveReceipt({ importId: ia.importId, out });
    // This laptop's campaign came from another office's package.
    a.core.store.db
      .prepare(`INSERT INTO campaign_origins (campaign_id, team, office_public_key, office_fingerprint, package_created_at, imported_at, imported_by) VALUES (?, '', ?, ?, ?, ?, ?)`)
      .run(campaign.id, '00'.repeat(32), 'AAAA BBBB CCCC DDDD', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '甲评查');
    const e = await refusal(a.api.results.acknowledge({ receipt: JSON.parse(readFileSync(out, 'utf8')), campaignId: campaign.id }));
    expect(e.details?.reason).toBe('other_office');
    expect(e.message).toContain('AAAA BBBB CCCC DDDD');
  });
});
