/** `export sheet|blank …` on the command line: the file at --out, masked unless --no-mask, clear errors. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_NUMBER, reviewedFixture } from './fixture';
import { docxParts, pdfText } from './helpers';
import { runCli as cli } from '../fixtures/run-cli';

let dir: string;
let db: string;
let campaignId: string;
let caseNo: string;
let total: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dossier-export-cli-'));
  db = join(dir, 'store.sqlite');
  const f = await reviewedFixture(db);
  ({ campaignId, caseNo } = f);
  total = f.sheet.score.total;
  f.core.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export on the command line', () => {
  it('writes the 评查表 PDF at --out, masked, and reports it as JSON', async () => {
    const out = join(dir, '评查表.pdf');
    const r = cli('export', 'sheet', '--db', db, '--campaign', campaignId, '--dossier', caseNo, '--format', 'pdf', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: out, masked: true, mime: 'application/pdf' });
    const { all } = await pdfText(readFileSync(out));
    expect(all).toContain(caseNo);
    expect(all).toContain(`总分 ${total} 分`);
    expect(all).not.toContain(ID_NUMBER);
  }, 60_000);

  it('--no-mask keeps the ID number (DOCX)', async () => {
    const out = join(dir, 'unmasked.docx');
    const r = cli('export', 'sheet', '--db', db, '--campaign', campaignId, '--dossier', caseNo, '--format', 'docx', '--out', out, '--no-mask');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('未脱敏');
    expect((await docxParts(readFileSync(out))).get('word/document.xml')).toContain(ID_NUMBER);
  }, 60_000);

  it('names the problem and writes nothing on bad input', () => {
    const out = join(dir, 'bad.pdf');
    const missing = cli('export', 'sheet', '--db', db, '--campaign', campaignId, '--dossier', '不存在的案号', '--format', 'pdf', '--out', out);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('没有案卷编号为“不存在的案号”的案卷');
    const usage = cli('export', 'sheet', '--db', db, '--campaign', campaignId, '--format', 'pdf', '--out', out);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--dossier');
    const format = cli('export', 'blank', '--db', db, '--campaign', campaignId, '--dossier', caseNo, '--format', 'xlsx', '--out', out);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('空白评查表不能导出为 Excel（XLSX）');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
