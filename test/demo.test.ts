/** The demo campaign: loaded through the API (as the start screen does) and through the CLI. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../shared/api/contract';
import { openCore } from '../electron/core';
import { FICTIONAL_UNITS } from './fixtures/registers';
import { runCli as cli } from './fixtures/run-cli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-review-demo-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo campaign', () => {
  it('demo.load creates a fictional campaign: 3 units, ~200 dossiers, PDFs with detected documents, reviewers', async () => {
    const core = await openCore(join(dir, 'api.sqlite'));
    try {
      const api = createApiClient((method, input) => core.dispatch(method, input, { actor: '测试', transport: 'ipc' }));
      const r = await api.demo.load({});
      expect(r.warnings).toEqual([]);
      expect(r.dossiers).toBeGreaterThanOrEqual(180);
      expect(r.pdfs).toBe(12);
      expect(r.reviewers).toBeGreaterThanOrEqual(6);
      const campaign = await api.campaigns.get({ id: r.campaignId });
      expect(campaign.name).toMatch(/示例|虚构/);
      expect(campaign.organiser).toMatch(/虚构/);
      expect(campaign.dossierCount).toBe(r.dossiers);
      const units = await api.units.list({ campaignId: r.campaignId });
      expect(units.map((u) => u.name).sort()).toEqual([...FICTIONAL_UNITS].sort());
      const reviewers = await api.reviewers.list({ campaignId: r.campaignId });
      expect(new Set(reviewers.map((x) => x.unitName)).size).toBeGreaterThanOrEqual(4);
      expect(reviewers.some((x) => !(FICTIONAL_UNITS as readonly string[]).includes(x.unitName))).toBe(true);
      expect(reviewers.every((x) => /示例/.test(x.name))).toBe(true);
      const page = await api.dossiers.list({ campaignId: r.campaignId, limit: 1000 });
      expect(page.total).toBe(r.dossiers);
      const list = page.items;
      let withDocs = 0;
      for (const d of list) {
        const files = await api.files.list({ dossierId: d.id });
        if (files.length) {
          const docs = await api.files.documentMap({ dossierId: d.id });
          if (docs.length >= 2) withDocs++;
        }
      }
      expect(withDocs).toBe(12);
    } finally {
      core.close();
    }
  }, 60_000);

  it('demo --db prints the campaign with its id', () => {
    const db = join(dir, 'cli.sqlite');
    expect(cli('init', '--db', db).code).toBe(0);
    const r = cli('demo', '--db', db, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.dossierCount).toBeGreaterThanOrEqual(180);
    expect(out.pdfs).toBe(12);
  }, 60_000);
});
