/** `settings show|set|reset` and `calendar list|import|show` as a child process, on a store made through the API. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../foundation/temp';
import { openCheckHarness } from './helpers';
import { runCli as cli } from '../fixtures/run-cli';

const tempDir = useTempDir();

// Format test data: a 2027 schedule invented for the test (not the published notice).
const HOLIDAYS_2027 = ['年份,日期,类型,名称', '2027,,source,测试用 2027 年安排', '2027,2027-01-01,holiday,元旦', '2027,2027-02-06~2027-02-12,放假,春节', '2027,2027-02-14,调休上班,春节调休上班'].join('\n');

describe('settings and calendar commands', () => {
  it('set → show names the value and its origin; bad values are refused; reset restores the default', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const h = await openCheckHarness(dir, 'cli.sqlite');
    const { campaignId } = h;
    h.core.close();
    const db = join(dir, 'cli.sqlite');

    const set = cli('settings', 'set', '--db', db, '--campaign', campaignId, '--key', 'largeFine.单位', '--value', '50000', '--sector', '生态环境');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('largeFine.单位（生态环境） = 50000 元');

    const show = cli('settings', 'show', '--db', db, '--campaign', campaignId, '--sector', '生态环境', '--json');
    expect(show.code, show.stderr).toBe(0);
    const rows = JSON.parse(show.stdout) as { key: string; valueText: string; origin: string; defaultText: string; basis: string }[];
    expect(rows.find((r) => r.key === 'largeFine.单位')).toMatchObject({ valueText: '50000 元', origin: '本活动设置（生态环境）', defaultText: '100000 元' });
    expect(rows.find((r) => r.key === 'largeFine.个人')).toMatchObject({ origin: '默认' });
    expect(rows.find((r) => r.key === 'largeFine.单位')?.basis).toContain('第六十三条');

    const bad = cli('settings', 'set', '--db', db, '--campaign', campaignId, '--key', 'largeFine.单位', '--value', '五万');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('应为数字');

    const gm = cli('settings', 'grade-model', '--db', db, '--campaign', campaignId, '--model', 'four', '--json');
    expect(gm.code, gm.stderr).toBe(0);
    expect(JSON.parse(gm.stdout)).toMatchObject({ id: 'four', chosen: true, locked: false, changed: true });
    const gmBad = cli('settings', 'grade-model', '--db', db, '--campaign', campaignId, '--model', 'five');
    expect(gmBad.code).not.toBe(0);
    expect(gmBad.stderr).toContain('未知的等次模型');

    const reset = cli('settings', 'reset', '--db', db, '--campaign', campaignId, '--key', 'largeFine.单位', '--sector', '生态环境');
    expect(reset.code, reset.stderr).toBe(0);
    const after = JSON.parse(cli('settings', 'show', '--db', db, '--campaign', campaignId, '--json').stdout) as { key: string; origin: string }[];
    expect(after.find((r) => r.key === 'largeFine.单位')?.origin).toBe('默认');
  });

  it('calendar list warns about a year the campaign reaches with no schedule; import adds it; show lists its days; a bad file names the line', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const h = await openCheckHarness(dir, 'cal.sqlite');
    const { campaignId } = h;
    // One dossier closed at the end of 2026: its periods run into 2027.
    h.core.store.db.prepare(`UPDATE dossiers SET date_closed = '2026-12-28' WHERE campaign_id = ? AND case_no = ?`).run(campaignId, h.late);
    h.core.close();
    const db = join(dir, 'cal.sqlite');

    const list = cli('calendar', 'list', '--db', db, '--campaign', campaignId);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('2026');
    expect(list.stderr).toContain('2027 年，尚未载入其节假日安排');

    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, `${HOLIDAYS_2027}\n2027,2027-02-15,workday,周一不能是调休上班日`);
    const refused = cli('calendar', 'import', '--db', db, bad);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('第 6 行');

    const good = join(dir, 'holidays-2027.txt');
    writeFileSync(good, HOLIDAYS_2027);
    const imported = cli('calendar', 'import', '--db', db, good);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2027 年（放假 8 日，调休上班 1 日）');

    const again = cli('calendar', 'list', '--db', db, '--campaign', campaignId, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { coverage: { missing: number[] } }).coverage.missing).toEqual([]);

    const show = cli('calendar', 'show', '--db', db, '--year', '2027', '--json');
    expect(show.code, show.stderr).toBe(0);
    const y = JSON.parse(show.stdout) as { days: { date: string; kind: string }[] };
    expect(y.days.find((d) => d.date === '2027-02-14')).toMatchObject({ kind: 'workday' });
  });
});
