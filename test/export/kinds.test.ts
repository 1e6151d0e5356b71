/**
 * The export-kind table drives the contract, the registry, and the CLI: each row has a generator,
 * the contract accepts exactly the table's kinds, and the CLI has one command per row whose
 * options follow the row's scope.
 */
import { describe, expect, it } from 'vitest';
import { exportCommands } from '../../electron/cli/commands/export';
import '../../electron/core/export/index';
import { availableFormats, registeredExports } from '../../electron/core/export/registry';
import { ExportKindSchema } from '../../shared/api/namespaces/exports';
import { EXPORT_KIND_NAMES, EXPORT_KINDS, listChoices } from '../../shared/domain/export/kinds';

describe('export-kind table', () => {
  it('every row has at least one generator, and every generator belongs to a row', () => {
    for (const kind of EXPORT_KIND_NAMES) expect(availableFormats(kind), kind).not.toEqual([]);
    for (const { kind } of registeredExports()) expect(EXPORT_KIND_NAMES).toContain(kind);
  });

  it('the contract accepts exactly the table kinds and names them when refusing', () => {
    expect(ExportKindSchema.options).toEqual(EXPORT_KIND_NAMES);
    const refused = ExportKindSchema.safeParse('poster');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0].message).toBe('导出类型应为 sheet、blank、summary、bulletin、workbook 或 notice');
  });

  it('the CLI has one command per row, with --dossier or --unit as the scope asks', () => {
    expect(Object.keys(exportCommands)).toEqual(EXPORT_KIND_NAMES.map((k) => `export ${k}`));
    for (const kind of EXPORT_KIND_NAMES) {
      const { usage, summary } = exportCommands[`export ${kind}`];
      const { label, scope } = EXPORT_KINDS[kind];
      expect(summary).toBe(`导出${label}`);
      expect(usage.includes('--dossier')).toBe(scope === 'dossier');
      expect(usage.includes('--unit')).toBe(scope === 'unit');
    }
  });

  it('lists choices the way the messages read', () => {
    expect(listChoices(['pdf', 'docx', 'xlsx'])).toBe('pdf、docx 或 xlsx');
    expect(listChoices(['pdf'])).toBe('pdf');
  });
});
