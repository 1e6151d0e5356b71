/**
 * THE table of export kinds: one row per document the app exports. The contract's `kind` enum, the
 * export registry's messages and job labels, the CLI's `export <kind>` commands (and their
 * --dossier / --unit options) and the 统计与导出 screen are all read from it. A new export adds one
 * row here and its generator (registered in electron/core/export); which formats a kind offers is
 * whatever its generators register.
 */

/** What one export covers: one dossier, one unit (or every unit, a section each), or the whole campaign. */
export type ExportScope = 'dossier' | 'unit' | 'campaign';

export interface ExportKindSpec {
  /** The document's name, as in 导出{label}. */
  label: string;
  scope: ExportScope;
}

export const EXPORT_KINDS = {
  sheet: { label: '评查表', scope: 'dossier' },
  blank: { label: '空白评查表', scope: 'dossier' },
  summary: { label: '单位评查汇总', scope: 'unit' },
  bulletin: { label: '评查情况通报', scope: 'campaign' },
  workbook: { label: '评查数据工作簿', scope: 'campaign' },
  notice: { label: '整改通知', scope: 'unit' },
} as const satisfies Record<string, ExportKindSpec>;

export type ExportKind = keyof typeof EXPORT_KINDS;
export const EXPORT_KIND_NAMES = Object.keys(EXPORT_KINDS) as [ExportKind, ...ExportKind[]];

/** `label` in messages; `short` on a button under a row that already names the document. */
export const EXPORT_FORMATS = {
  pdf: { label: 'PDF', short: 'PDF' },
  docx: { label: 'Word（DOCX）', short: 'Word' },
  xlsx: { label: 'Excel（XLSX）', short: 'Excel' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]];

/** "a、b 或 c", for messages that list the choices. */
export const listChoices = (names: readonly string[]): string =>
  names.length > 1 ? `${names.slice(0, -1).join('、')} 或 ${names[names.length - 1]}` : names.join('');
