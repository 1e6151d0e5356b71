/**
 * The workflow commands (import-register, attach, sample, assign), run as child processes exactly as
 * a user would, on generated fictional registers and dossier PDFs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 180_000 });
import { makeCorruptPdf, makeDossierPdf } from './fixtures/pdfs';
import { encodeCsv, generateRegisterRows, registerToCsv, registerToXlsx } from './fixtures/registers';
import { runCli as cli } from './fixtures/run-cli';


// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's --json output, whose fields each test reads
function cliJson<T = any>(...args: string[]): T {
  const r = cli(...args, '--json');
  expect(r.code, `exit ${r.code}; stderr: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as T;
}

let dir: string;
const rows = generateRegisterRows({ seed: 11, count: 60 });
let goodCsv: string;

/** A fresh store with one campaign; returns [db, campaignId]. */
function freshCampaign(name: string): [string, string] {
  const db = join(dir, `${name}.sqlite`);
  cliJson('init', '--db', db);
  const c = cliJson<{ id: string }>('campaign', 'create', '--db', db, '--name', '测试活动', '--year', '2025');
  return [db, c.id];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-review-cli-register-'));
  goodCsv = join(dir, '案卷目录.csv');
  writeFileSync(goodCsv, encodeCsv(registerToCsv(rows), 'gbk'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import-register', () => {
  it('imports a GBK CSV and reports counts; a second import finds everything unchanged', () => {
    const [db, id] = freshCampaign('import');
    const first = cliJson('import-register', '--db', db, '--campaign', id, goodCsv);
    expect(first).toMatchObject({ imported: 60, unchanged: 0, changed: [], errors: [] });
    expect(Array.isArray(first.warnings)).toBe(true);
    expect(first.files[0].encoding).toMatch(/gb/i);
    const again = cliJson('import-register', '--db', db, '--campaign', id, goodCsv);
    expect(again).toMatchObject({ imported: 0, unchanged: 60 });
    expect(cliJson('campaign', 'show', '--db', db, id).dossierCount).toBe(60);
    const text = cli('import-register', '--db', db, '--campaign', id, goodCsv);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('未变化 60 卷');
  });

  it('refuses a register with an impossible date: exit 1, the error names file/row/column, nothing stored', () => {
    const [db, id] = freshCampaign('bad');
    const bad = rows.map((r) => ({ ...r }));
    bad[4].结案日期 = '2024-02-30';
    const file = join(dir, '错误目录.csv');
    writeFileSync(file, iconv.encode(registerToCsv(bad), 'gbk'));
    const r = cli('import-register', '--db', db, '--campaign', id, file, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未导入任何案卷');
    const json = JSON.parse(r.stdout);
    expect(json.imported).toBe(0);
    expect(json.errors).toContainEqual(expect.objectContaining({ file: '错误目录.csv', row: 6, column: '结案日期' }));
    const text = cli('import-register', '--db', db, '--campaign', id, file);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('2024-02-30');
    expect(cliJson('campaign', 'show', '--db', db, id).dossierCount).toBe(0);
  });

  it('reads the XLSX sheet named by --sheet; an unknown sheet name fails naming the sheets that exist', async () => {
    const [db, id] = freshCampaign('sheet');
    const file = join(dir, '目录.xlsx');
    writeFileSync(file, await registerToXlsx(rows.slice(0, 12), { sheetName: '案卷目录', sheetsBefore: [{ name: '填表说明', rows: [['请按模板填写']] }] }));
    const wrong = cli('import-register', '--db', db, '--campaign', id, file, '--sheet', '第二季度', '--json');
    expect(wrong.code).toBe(1);
    const err = JSON.parse(wrong.stdout);
    expect(err.errors[0].message).toContain('第二季度');
    expect(err.errors[0].message).toContain('填表说明、案卷目录');
    expect(cliJson('campaign', 'show', '--db', db, id).dossierCount).toBe(0);
    const ok = cliJson('import-register', '--db', db, '--campaign', id, file, '--sheet', '案卷目录');
    expect(ok).toMatchObject({ imported: 12, errors: [] });
    expect(ok.files[0].sheet).toBe('案卷目录');
    // Per-unit counts add up to the rows of each unit.
    const perUnit = new Map<string, number>();
    for (const r of rows.slice(0, 12)) perUnit.set(r.执法单位, (perUnit.get(r.执法单位) ?? 0) + 1);
    expect(ok.units.map((u: { unitName: string; imported: number }) => [u.unitName, u.imported])).toEqual([...perUnit].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    const text = cli('import-register', '--db', db, '--campaign', id, file, '--sheet', '案卷目录');
    expect(text.stdout).toContain('各执法单位');
  });

  it('exits 2 without files', () => {
    const [db, id] = freshCampaign('nofiles');
    expect(cli('import-register', '--db', db, '--campaign', id).code).toBe(2);
  });
});

describe('attach', () => {
  it('attaches a folder: two generated PDFs matched, one corrupt file failed', async () => {
    const [db, id] = freshCampaign('attach');
    cliJson('import-register', '--db', db, '--campaign', id, goodCsv);
    const pdfDir = join(dir, 'pdfs');
    mkdirSync(pdfDir);
    for (const r of rows.slice(0, 2)) {
      const bytes = await makeDossierPdf({ caseNo: r.案卷编号, party: r.当事人, unit: r.执法单位, documents: [{ title: '立案审批表', pages: 1 }, { title: '行政处罚决定书', pages: 2 }] });
      writeFileSync(join(pdfDir, `${r.案卷编号}.pdf`), bytes);
    }
    writeFileSync(join(pdfDir, `${rows[2].案卷编号}.pdf`), makeCorruptPdf());
    const out = cliJson('attach', '--db', db, '--campaign', id, '--dir', pdfDir);
    expect(out.matched).toHaveLength(2);
    expect(out.failed).toHaveLength(1);
    expect(out.matched.every((m: { documents: unknown[] }) => m.documents.length >= 2)).toBe(true);
    expect(out.missing).toHaveLength(58);

    // A scan named by the scanner: unmatched, the text says how to assign it; --dossier puts it on the chosen dossier.
    const scan = join(dir, 'SCAN_0007.pdf');
    writeFileSync(scan, await makeDossierPdf({ caseNo: rows[5].案卷编号, party: rows[5].当事人, unit: rows[5].执法单位, documents: [{ title: '行政处罚决定书', pages: 2 }] }));
    const scanDir = join(dir, 'scans');
    mkdirSync(scanDir);
    writeFileSync(join(scanDir, 'SCAN_0007.pdf'), await makeDossierPdf({ caseNo: rows[5].案卷编号, party: rows[5].当事人, unit: rows[5].执法单位, documents: [{ title: '行政处罚决定书', pages: 2 }] }));
    const unmatched = cli('attach', '--db', db, '--campaign', id, '--dir', scanDir, '--no-ocr');
    expect(unmatched.code).toBe(0);
    expect(unmatched.stdout).toContain('--dossier 案卷编号 文件.pdf');
    expect(cli('attach', '--db', db, '--campaign', id, scan).code).toBe(2);
    const chosen = cliJson('attach', '--db', db, '--campaign', id, '--dossier', rows[5].案卷编号, scan, '--no-ocr');
    expect(chosen.matched).toMatchObject([{ caseNo: rows[5].案卷编号, file: 'SCAN_0007.pdf', matchedBy: 'chosen', pages: 2 }]);
    expect(cli('attach', '--db', db, '--campaign', id, '--dossier', '不存在的编号', scan).code).toBe(1);
  });
});

describe('sample and assign', () => {
  it('draws the same case numbers from the same register and seed on two stores; refuses a second draw without --redraw', () => {
    const draws = ['s1', 's2'].map((name) => {
      const [db, id] = freshCampaign(name);
      cliJson('import-register', '--db', db, '--campaign', id, goodCsv);
      return { db, id, draw: cliJson('sample', '--db', db, '--campaign', id, '--per-unit', '3', '--seed', '公开种子-2025') };
    });
    const [a, b] = draws;
    expect(a.draw.caseNos.length).toBe(9);
    expect(a.draw.caseNos).toEqual(b.draw.caseNos);
    expect(a.draw.items.map((i: { caseNo: string }) => i.caseNo)).toEqual(a.draw.caseNos);
    expect(typeof a.draw.id).toBe('string');

    const again = cli('sample', '--db', a.db, '--campaign', a.id, '--per-unit', '3', '--seed', '公开种子-2025', '--json');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('--redraw');
    const redrawn = cliJson('sample', '--db', a.db, '--campaign', a.id, '--ratio', '10%', '--min', '2', '--seed', 'x', '--redraw');
    expect(redrawn.id).not.toBe(a.draw.id);

    // assign: reviewers from a GBK roster; nobody reviews a dossier of their own unit.
    const roster = join(dir, '评查人员.csv');
    writeFileSync(
      roster,
      iconv.encode(
        ['姓名,单位,角色,执法证号,电话,评查组', '示例甲,示例市市场监督管理局,评查员,A001,,第一组', '示例乙,示例市生态环境局,组长,A002,,第一组', '示例丙,示例市交通运输局,评查员,A003,13800000000,第二组', '示例丁,示例市司法局,法制机构,A004,,'].join('\r\n'),
        'gbk',
      ),
    );
    const out = cliJson('assign', '--db', b.db, '--campaign', b.id, '--reviewers', roster, '--per-dossier', '2', '--seed', '分配种子');
    expect(out.reviewersAdded).toHaveLength(4);
    // The optional 评查组 column is kept with each reviewer (a campaign package is made per team).
    expect(Object.fromEntries(out.reviewersAdded.map((r: { name: string; team: string }) => [r.name, r.team]))).toEqual({ 示例甲: '第一组', 示例乙: '第一组', 示例丙: '第二组', 示例丁: '' });
    expect(out.assignments.length).toBeGreaterThan(0);
    for (const x of out.assignments) expect(x.reviewerUnit).not.toBe(x.dossierUnit);
    // Running it again adds nobody (same name + unit already present).
    const second = cli('assign', '--db', b.db, '--campaign', b.id, '--reviewers', roster, '--per-dossier', '2', '--seed', '分配种子', '--json');
    expect(second.code, `exit ${second.code}; stderr: ${second.stderr}`).toBe(0);
    expect(JSON.parse(second.stdout).reviewersAdded).toHaveLength(0);
  });
});
