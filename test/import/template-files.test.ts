import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core';
import { REPO_ROOT } from '../../electron/host/paths';
import { templateCsv } from '../../scripts/make-register-template';
import { createApiClient } from '../../shared/api/contract';
import { REGISTER_COLUMNS } from '../../shared/domain/register/columns';
import { useTempDir } from '../foundation/temp';

const docs = (f: string) => join(REPO_ROOT, 'docs', f);

describe('the shipped register template', () => {
  const tempDir = useTempDir();

  it('the CSV is what the column table generates today (regenerate with scripts/make-register-template.ts)', () => {
    expect(readFileSync(docs('register-template.csv'), 'utf8')).toBe(templateCsv());
  });

  it('documents every column', () => {
    const md = readFileSync(docs('register-template.md'), 'utf8');
    for (const c of REGISTER_COLUMNS) expect(md).toContain(`| ${c.header} |`);
  });

  it('both files import cleanly with their example row', async () => {
    for (const file of ['register-template.csv', 'register-template.xlsx']) {
      const core = await openCore(join(tempDir(), 's.sqlite'));
      const api = createApiClient((m, i) => core.dispatch(m, i, { actor: 't', transport: 'test' }));
      const c = await api.campaigns.create({ name: '模板', year: 2024 });
      const r = await api.registers.import({ campaignId: c.id, files: [{ path: docs(file) }] });
      expect(r.errors, file).toEqual([]);
      expect(r.imported, file).toBe(1);
      const list = await api.dossiers.list({ campaignId: c.id, offset: 0, limit: 10 });
      expect(list.items[0]).toMatchObject({ caseNo: '示市监罚〔2024〕1号' });
      core.close();
    }
  });
});
