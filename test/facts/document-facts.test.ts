/**
 * Facts read from generated text-PDF dossiers (issue #14): each planted fact on its page, the
 * register–dossier difference as a finding citing the page, the checks using the dossier's value,
 * a missing document with an empty date as a finding, the CLI's JSON.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../electron/core/checks/run';
import { dossierReader, factService } from '../../electron/core/facts';
import { runCli } from '../../electron/cli/run';
import { OUTSIDE_CATALOGUE_TITLE } from '../../electron/core/demo/fact-dossiers';
import { documentStartPages } from '../../electron/core/demo/pdfs';
import { getDocumentMap } from '../../electron/core/pdf/documents';
import { DOCUMENT_TYPES, titleKey } from '../../shared/domain/documents';
import { factStore, type FactStore } from './support';

/** The map's type is the catalogue type whose title or variant is printed (卷宗封面 for 行政处罚案卷). */
const documentTypeOf = (code: string, printed: string) => DOCUMENT_TYPES.some((t) => t.code === code && [t.title, ...t.variants].some((v) => titleKey(v) === titleKey(printed)));

let s: FactStore;

beforeAll(async () => {
  s = await factStore([
    { seed: 11, caseNo: 'F-AGREE' },
    { seed: 12, caseNo: 'F-DIFFER', differ: ['dateDecisionServed', 'fineFen'] },
    { seed: 13, caseNo: 'F-NONOTICE', withoutNotice: true, catalogueError: true },
  ]);
}, 60_000);

afterAll(() => {
  s.store.close();
  rmSync(s.tmp, { recursive: true, force: true });
});

const byCase = (no: string) => s.dossiers.find((d) => d.made.spec.caseNo === no)!;

describe('facts from text PDFs', () => {
  it('reads every planted fact with its value and page', () => {
    const read = dossierReader(s.ctx.read);
    for (const d of s.dossiers) {
      const facts = read(d.id)!.facts;
      for (const p of d.made.planted) {
        const f = facts.find((x) => x.key === p.key);
        expect(f, `${d.made.spec.caseNo} ${p.key}`).toBeDefined();
        expect([f!.key, f!.value, f!.page]).toEqual([p.key, p.value, p.page]);
        expect(f!.box, `${p.key} has a box on its page`).not.toBeNull();
      }
    }
  });

  it('the document map finds every document at its start page, a title outside the catalogue by its layout', () => {
    for (const d of s.dossiers) {
      const map = getDocumentMap(s.ctx, { dossierId: d.id });
      const starts = documentStartPages(d.made.spec);
      d.made.spec.documents.forEach((doc, i) => {
        expect(map.some((m) => m.startPage === starts[i] && (m.title === doc.title || titleKey(m.title) === titleKey(doc.title) || documentTypeOf(m.docType, doc.title))), `${doc.title}@${starts[i]}`).toBe(true);
      });
      const outside = map.find((m) => m.title === OUTSIDE_CATALOGUE_TITLE)!;
      expect(outside).toMatchObject({ docType: 'OTHER', startPage: starts[d.made.spec.documents.findIndex((x) => x.title === OUTSIDE_CATALOGUE_TITLE)] });
      // The evidence before it no longer runs over its page.
      expect(map.find((m) => m.docType === 'EVIDENCE')!.endPage).toBe(outside.startPage - 1);
    }
  });

  it('a dossier whose register agrees shows no difference', () => {
    const view = factService(s.ctx).view(byCase('F-AGREE').id);
    expect(view.fields.filter((f) => f.status === 'differs')).toEqual([]);
    expect(view.fields.find((f) => f.key === 'dateDecisionServed')).toMatchObject({ status: 'match', source: 'dossier' });
  });

  it('the panel view gives register, dossier (with page and box) and the value the checks use', () => {
    const d = byCase('F-DIFFER');
    const view = factService(s.ctx).view(d.id);
    const served = view.fields.find((f) => f.key === 'dateDecisionServed')!;
    const planted = d.made.planted.find((p) => p.key === 'dateDecisionServed')!;
    expect(served.registerValue).toBe(d.made.register.dateDecisionServed);
    expect(served.registerValue).not.toBe(planted.value);
    expect(served).toMatchObject({ value: planted.value, source: 'dossier', status: 'differs' });
    expect(served.dossier).toMatchObject({ value: planted.value, page: planted.page, document: '送达回证' });
    expect(served.dossier!.citation).toMatch(new RegExp(`^送达回证（第${planted.page}页）：2024年`));
  });

  it('a reviewer correction wins over the dossier', () => {
    const d = byCase('F-DIFFER');
    const svc = factService(s.ctx);
    const view = svc.correct({ dossierId: d.id, changes: { dateDecisionServed: '2024-12-01' }, reset: [] }, 'tester');
    expect(view.fields.find((f) => f.key === 'dateDecisionServed')).toMatchObject({ value: '2024-12-01', source: 'correction', corrected: true });
    svc.correct({ dossierId: d.id, changes: {}, reset: ['dateDecisionServed'] }, 'tester');
  });

  it('checks: the difference is a finding naming both values and the page; findings cite dossier facts', () => {
    const d = byCase('F-DIFFER');
    const result = runChecks(s.ctx, { campaignId: s.campaignId, caseNo: 'F-DIFFER' }, 'tester');
    const mismatch = result.findings.find((f) => f.ruleId === 'FACT-MISMATCH');
    expect(mismatch).toBeDefined();
    const planted = d.made.planted.find((p) => p.key === 'dateDecisionServed')!;
    expect(mismatch!.message).toContain('决定送达日期');
    expect(mismatch!.message).toContain('罚款金额');
    expect(mismatch!.computation).toContain(`卷内 送达回证（第${planted.page}页）`);
    expect(mismatch!.computation).toContain(`登记 ${Number(String(d.made.register.dateDecisionServed).slice(0, 4))}年`);
    const agree = runChecks(s.ctx, { campaignId: s.campaignId, caseNo: 'F-AGREE' }, 'tester');
    expect(agree.findings.filter((f) => f.ruleId === 'FACT-MISMATCH')).toEqual([]);
    // Any finding that names 决定送达日期 says where it was read.
    for (const f of result.findings.filter((x) => x.ruleId !== 'FACT-MISMATCH' && `${x.message}${x.computation}`.includes('决定送达日期'))) {
      expect(f.computation).toContain(`送达回证（第${planted.page}页）`);
    }
  });

  it('no 事先告知书 and no 告知日期 is a finding under 第四十四条, not "cannot check"', () => {
    const result = runChecks(s.ctx, { campaignId: s.campaignId, caseNo: 'F-NONOTICE' }, 'tester');
    const f = result.findings.find((x) => x.article === 44 && x.law === '行政处罚法');
    expect(f).toMatchObject({ kind: 'violation' });
    expect(f!.message).toContain('第六十二条');
    expect(result.findings.filter((x) => x.kind === 'cannot_check' && /告知书(送达)?日期/.test(x.message))).toEqual([]);
    // With the notice in the dossier the same empty register date is no such finding.
    const withNotice = runChecks(s.ctx, { campaignId: s.campaignId, caseNo: 'F-AGREE' }, 'tester');
    expect(withNotice.findings.filter((x) => x.article === 44)).toEqual([]);
  });

  it('the dossier’s 卷内目录 is checked against its pages: one wrong page number is a 立卷 finding naming it', () => {
    const wrong = runChecks(s.ctx, { campaignId: s.campaignId, caseNo: 'F-NONOTICE' }, 'tester');
    const f = wrong.findings.find((x) => x.ruleId === 'CATALOGUE-MISMATCH');
    expect(f).toBeDefined();
    expect(f!.message).toContain('卷内目录与卷内文书不符（1 处）');
    const d = byCase('F-NONOTICE');
    const start = documentStartPages(d.made.spec)[d.made.spec.documents.findIndex((x) => x.title === '行政处罚决定书')]!;
    expect(f!.computation).toBe(`卷内目录（第2页）：第${d.made.spec.documents.findIndex((x) => x.title === '行政处罚决定书') + 1}项“行政处罚决定书”标第${start + 1}页，实际起于第${start}页`);
    const right = runChecks(s.ctx, { campaignId: s.campaignId, caseNo: 'F-AGREE' }, 'tester');
    expect(right.findings.filter((x) => x.ruleId === 'CATALOGUE-MISMATCH')).toEqual([]);
    expect(right.byRule.find((r) => r.ruleId === 'CATALOGUE-MISMATCH')).toMatchObject({ pass: 1 });
  });

  it('CLI facts --json: register, dossier {value, page, document}, used, status', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['facts', '--db', s.store.path, '--campaign', s.campaignId, '--dossier', 'F-DIFFER', '--json'], {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      defaultActor: () => 'tester',
    });
    expect(code, err.join('')).toBe(0);
    const json = JSON.parse(out.join('')) as { dossierNo: string; fields: { key: string; label: string; register: unknown; dossier: { value: unknown; page: number; document: string } | null; used: unknown; status: string }[] };
    const d = byCase('F-DIFFER');
    expect(json.dossierNo).toBe('F-DIFFER');
    const fine = json.fields.find((f) => f.key === 'fineFen')!;
    const planted = d.made.planted.find((p) => p.key === 'fineFen')!;
    expect(fine).toEqual({
      key: 'fineFen',
      label: '罚款金额',
      register: (d.made.register.fineFen as number) / 100,
      dossier: { value: (planted.value as number) / 100, page: planted.page, document: '行政处罚决定书' },
      used: (planted.value as number) / 100,
      status: 'differs',
    });
    expect(json.fields.find((f) => f.key === 'dateFiled')).toMatchObject({ label: '立案日期', status: 'match' });
    expect(json.fields.every((f) => ['match', 'differs', 'register-only', 'dossier-only'].includes(f.status))).toBe(true);
  });
});
