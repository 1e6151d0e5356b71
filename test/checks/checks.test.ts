/**
 * checks.*: the rule engine over an imported register, stored findings and their lifecycle, the
 * calendar as stored (seeded by migration 3, replaced year by year from a holiday file).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { useTempDir } from '../foundation/temp';
import { LATE_COMPUTATION, openCheckHarness, type CheckHarness } from './helpers';

const tempDir = useTempDir();

const proposedCount = (h: CheckHarness) =>
  h.core.store.db.prepare(`SELECT COUNT(*) FROM findings WHERE origin = 'auto' AND status = 'proposed'`).pluck().get() as number;

describe('checks.run over an imported register', () => {
  it('finds the planted late service with the computation, and only an advisory where the service date is missing', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const res = await h.api.checks.run({ campaignId: h.campaignId });
      expect(res.scope).toBe('campaign');
      expect(res.dossiers).toBe(h.dossierCount);

      const late = res.findings.filter((f) => f.dossierNo === h.late && f.ruleId === 'D-PEN-11');
      expect(late).toHaveLength(1);
      expect(late[0]).toMatchObject({ law: '行政处罚法', article: 61, severity: 'deduction', item: 'PG-PROC-20', kind: 'violation' });
      expect(late[0].computation).toContain(LATE_COMPUTATION);

      const missing = res.findings.filter((f) => f.dossierNo === h.missing && f.ruleId === 'D-PEN-11');
      expect(missing).toHaveLength(1);
      expect(missing[0]).toMatchObject({ kind: 'cannot_check', severity: 'advisory' });
      expect(missing[0].message).toContain('无法检查');
      expect(res.findings.filter((f) => f.dossierNo === h.missing && f.kind === 'violation' && f.ruleId === 'D-PEN-11')).toEqual([]);

      const rule = res.byRule.find((r) => r.ruleId === 'D-PEN-11');
      expect(rule?.fail).toBeGreaterThanOrEqual(1);
      expect(rule?.cannotCheck).toBeGreaterThanOrEqual(1);
      expect(res.byUnit.reduce((n, u) => n + u.dossiers, 0)).toBe(h.dossierCount);
      expect(res.proposed).toBe(res.findings.length);
      expect(proposedCount(h)).toBe(res.findings.length);

      const stored = await h.api.checks.list({ campaignId: h.campaignId });
      const s = stored.find((f) => f.dossierNo === h.late && f.ruleId === 'D-PEN-11');
      expect(s).toMatchObject({ origin: 'auto', status: 'proposed', item: 'PG-PROC-20', computation: late[0].computation });
    } finally {
      h.core.close();
    }
  });

  it('is idempotent, keeps confirmed findings and does not propose them again', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const first = await h.api.checks.run({ campaignId: h.campaignId });
      const n = proposedCount(h);
      const second = await h.api.checks.run({ campaignId: h.campaignId });
      expect(proposedCount(h)).toBe(n);
      expect(second.replaced).toBe(n);
      expect(second.findings).toEqual(first.findings);

      const db = h.core.store.db;
      const target = db
        .prepare(`SELECT f.id FROM findings f JOIN dossiers d ON d.id = f.dossier_id WHERE d.case_no = ? AND f.rule_id = 'D-PEN-11'`)
        .pluck()
        .get(h.late) as string;
      db.prepare(`UPDATE findings SET status = 'confirmed', decided_by = '李评查', decided_at = '2024-06-01T00:00:00Z' WHERE id = ?`).run(target);

      const third = await h.api.checks.run({ campaignId: h.campaignId });
      expect(third.alreadyDecided).toBe(1);
      expect(proposedCount(h)).toBe(n - 1);
      const rows = db
        .prepare(`SELECT f.id, f.status FROM findings f JOIN dossiers d ON d.id = f.dossier_id WHERE d.case_no = ? AND f.rule_id = 'D-PEN-11'`)
        .all(h.late);
      expect(rows).toEqual([{ id: target, status: 'confirmed' }]);

      const listed = await h.api.checks.list({ campaignId: h.campaignId, dossierId: db.prepare('SELECT id FROM dossiers WHERE case_no = ?').pluck().get(h.late) as string });
      expect(listed.filter((f) => f.ruleId === 'D-PEN-11')).toEqual([expect.objectContaining({ id: target, status: 'confirmed' })]);
    } finally {
      h.core.close();
    }
  });

  it('checks one dossier by case number, and facts_override wins over the register', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const one = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      expect(one.scope).toBe('dossier');
      expect(one.dossiers).toBe(1);
      expect(new Set(one.findings.map((f) => f.dossierNo))).toEqual(new Set([h.late]));
      expect(one.findings.some((f) => f.ruleId === 'D-PEN-11' && f.kind === 'violation')).toBe(true);

      h.core.store.db.prepare('UPDATE dossiers SET facts_override = ? WHERE case_no = ?').run(JSON.stringify({ dateDecisionServed: '2024-05-08' }), h.late);
      const again = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      expect(again.findings.filter((f) => f.ruleId === 'D-PEN-11')).toEqual([]);

      await expect(h.api.checks.run({ campaignId: h.campaignId, caseNo: '不存在〔2024〕1号' })).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      h.core.close();
    }
  });

  it('covers only the current draw’s non-withdrawn samples when a draw exists', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const db = h.core.store.db;
      const ids = db.prepare('SELECT id, case_no FROM dossiers WHERE case_no IN (?, ?)').all(h.late, h.missing) as { id: string; case_no: string }[];
      const now = new Date().toISOString();
      const draw = '01900000-0000-7000-8000-000000000001';
      db.prepare(`INSERT INTO sample_draws (id, campaign_id, seed, settings, population, algorithm, is_current, drawn_at, actor) VALUES (?, ?, 's', '{}', '{}', 'test', 1, ?, 't')`).run(draw, h.campaignId, now);
      ids.forEach((d, i) =>
        db.prepare(`INSERT INTO samples (id, draw_id, dossier_id, draw_order, stratum, origin, withdrawn) VALUES (?, ?, ?, ?, 'all', 'random', ?)`).run(
          `01900000-0000-7000-8000-00000000001${i}`, draw, d.id, i, d.case_no === h.missing ? 1 : 0,
        ),
      );
      const res = await h.api.checks.run({ campaignId: h.campaignId });
      expect(res.scope).toBe('sample');
      expect(res.dossiers).toBe(1);
      expect(new Set(res.findings.map((f) => f.dossierNo))).toEqual(new Set([h.late]));
    } finally {
      h.core.close();
    }
  });

  it('lists the rules for display', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const rules = await h.api.checks.rules({});
      expect(rules.find((r) => r.id === 'D-PEN-11')).toMatchObject({ law: '行政处罚法', article: 61, kind: 'period' });
    } finally {
      h.core.close();
    }
  });
});

describe('calendar in the store', () => {
  it('is seeded with the built-in 2023–2026 schedules on a fresh store', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const years = await h.api.checks.calendarYears({});
      expect(years.map((y) => y.year)).toEqual([2023, 2024, 2025, 2026]);
      expect(years[1].source).toContain('2024年部分节假日安排');
      expect(years[1]).toMatchObject({ workdays: 8 });
    } finally {
      h.core.close();
    }
  });

  it('imports a holiday file, replacing whole years; a bad line is refused with its line number and nothing changes', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const bad = ['年份,日期,类型,名称', '2027,,source,国务院办公厅关于2027年部分节假日安排的通知', '2027,2027-02-30,holiday,春节', '2027,2027-01-01,holiday,元旦'].join('\n');
      const err = await h.api.checks.importCalendar({ text: bad }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'bad_input' });
      expect((err as AppError).message).toContain('第 3 行');
      expect((err as AppError).details).toMatchObject({ errors: [{ line: 3 }] });
      expect((await h.api.checks.calendarYears({})).map((y) => y.year)).toEqual([2023, 2024, 2025, 2026]);

      const good = [
        '2027,,source,国务院办公厅关于2027年部分节假日安排的通知',
        '2027,2027-01-01,holiday,元旦',
        '2027,2027-02-06~2027-02-12,holiday,春节',
        '2027,2027-02-14,workday,春节调休上班',
        // 2024 replaced as a whole: 5月11日 no longer a make-up working day
        '2024,,source,测试用2024年安排',
        '2024,2024-05-01~2024-05-05,holiday,劳动节',
      ].join('\n');
      const res = await h.api.checks.importCalendar({ text: good });
      expect(res.years.map((y) => [y.year, y.holidays, y.workdays])).toEqual([[2024, 5, 0], [2027, 8, 1]]);
      const years = await h.api.checks.calendarYears({});
      expect(years.map((y) => y.year)).toEqual([2023, 2024, 2025, 2026, 2027]);
      expect(years.find((y) => y.year === 2024)?.source).toBe('测试用2024年安排');

      // The engine now counts with the replaced 2024: 5月11日 is a rest day, so the computation changes.
      const run = await h.api.checks.run({ campaignId: h.campaignId, caseNo: h.late });
      const f = run.findings.find((x) => x.ruleId === 'D-PEN-11');
      expect(f?.computation).not.toContain('调休上班日');
    } finally {
      h.core.close();
    }
  });
});
