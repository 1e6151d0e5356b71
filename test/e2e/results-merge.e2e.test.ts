/** 成果汇总: the legal office imports two laptops' results packages in Chromium, confirms fingerprints, and resolves a conflict side by side. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../renderer/router';
import { copySite, exportFrom, makeOffice, openSite, PASS, review } from '../packages/results-helpers';
import { screenshot, startApp, tempDir, type RunningApp } from './support';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('成果汇总 screen', () => {
  it('imports two laptops’ packages with fingerprint confirmation and resolves the conflicting review side by side', async () => {
    const dir = tempDir();
    const { office, campaign, assignments } = await makeOffice(dir);
    const a = await copySite(office, join(dir, 'a.sqlite'), '甲评查');
    const b = await copySite(office, join(dir, 'b.sqlite'), '乙评查');
    await review(a, assignments[0].id, { deduction: 1, note: '甲：立案审批表缺负责人签名', submit: true });
    await review(a, assignments[1].id);
    await review(b, assignments[0].id, { deduction: 2, note: '乙：立案审批表未签名且无日期' });
    await review(b, assignments[2].id);
    const pa = await exportFrom(a, campaign.id, join(dir, '甲组成果.drpkg'));
    const pb = await exportFrom(b, campaign.id, join(dir, '乙组成果.drpkg'));
    for (const s of [office, a, b]) s.core.close();

    app = await startApp({ dbPath: office.path, viewport: { width: 1366, height: 900 } });
    const { page } = app;
    await page.evaluate((id) => localStorage.setItem('dossier-review.selectedCampaign', id), campaign.id);
    await page.reload();
    await page.locator('.app-header').waitFor();
    expect(ROUTES[ROUTES.length - 1].label).toBe('成果汇总');
    await page.getByRole('link', { name: '成果汇总' }).click();
    await page.getByRole('heading', { name: '成果汇总', level: 1 }).waitFor();

    const importPackage = async (file: string, fingerprint: string) => {
      await page.getByTestId('results-file').setInputFiles(file);
      await page.getByLabel('活动口令').fill(PASS);
      await page.getByRole('button', { name: '导入', exact: true }).click();
      await expect(page.getByTestId('signer-fingerprint').textContent()).resolves.toBe(fingerprint);
      await page.getByLabel('已与评查组核对，指纹一致').check();
      await page.getByRole('button', { name: '确认并导入' }).click();
      await page.getByTestId('import-summary').waitFor();
    };

    await importPackage(pa.files[0], pa.signerFingerprint);
    await expect(page.getByTestId('import-summary').textContent()).resolves.toContain('评查：新增 2，更新 0，未变 0，冲突 0');
    await screenshot(page, 'results-imported-a');

    await importPackage(pb.files[0], pb.signerFingerprint);
    await expect(page.getByTestId('import-summary').textContent()).resolves.toContain('评查：新增 1，更新 0，未变 0，冲突 1');
    const conflicts = page.getByRole('table', { name: '待处理的冲突' });
    await expect(conflicts.locator('tbody tr').count()).resolves.toBe(1);
    const laptops = page.getByRole('table', { name: '评查组电脑' });
    await expect(laptops.locator('tbody tr').count()).resolves.toBe(2);
    await expect(laptops.textContent()).resolves.toContain(pb.signerFingerprint);
    await expect(page.getByRole('table', { name: '已合并的评查' }).locator('tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'results-conflict-listed');

    await conflicts.getByRole('button', { name: '对照并选择…' }).click();
    const dialog = page.getByRole('dialog');
    const table = dialog.getByRole('table', { name: '逐项对照' });
    await table.waitFor();
    const differing = table.locator('tr.is-different', { hasText: '甲：立案审批表缺负责人签名' });
    await expect(differing.textContent()).resolves.toContain('乙：立案审批表未签名且无日期');
    await screenshot(page, 'results-conflict-side-by-side');
    await dialog.getByLabel('处理理由').fill('经组长核实采用乙的意见');
    await dialog.getByRole('button', { name: '采用送来的版本' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('没有冲突').waitFor();
    await screenshot(page, 'results-conflict-resolved');

    // The store holds B's version now, and the choice is in the audit log.
    const check = await openSite(office.path);
    try {
      const reviewId = (await check.api.results.reviews({ campaignId: campaign.id })).find((r) => r.reviewerName)!.reviewId;
      expect(reviewId).toBeTruthy();
      const audit = await check.api.audit.list({ limit: 3 });
      expect(audit.some((e) => e.action === 'resolve_merge_conflict' && e.reason === '经组长核实采用乙的意见')).toBe(true);
      const notes = (await Promise.all((await check.api.results.reviews({ campaignId: campaign.id })).map((r) => check.api.reviews.get({ reviewId: r.reviewId }))))
        .flatMap((s) => s.answers.map((x) => x.note));
      expect(notes).toContain('乙：立案审批表未签名且无日期');
      expect(notes).not.toContain('甲：立案审批表缺负责人签名');
    } finally {
      check.core.close();
    }
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
