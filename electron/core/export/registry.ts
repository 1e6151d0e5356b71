/**
 * Which generator writes which document: one entry per (kind, format). Generators register
 * themselves when their module is loaded (see ./index.ts); the pipeline only looks them up.
 */
import { AppError } from '../../../shared/errors';
import type { ExportFormat, ExportGenerator, ExportKind } from './types';

export const KIND_LABELS: Record<ExportKind, string> = {
  sheet: '评查表',
  blank: '空白评查表',
  summary: '单位评查汇总',
  bulletin: '评查情况通报',
  workbook: '评查数据工作簿',
  notice: '整改通知',
};

export const FORMAT_LABELS: Record<ExportFormat, string> = { pdf: 'PDF', docx: 'Word（DOCX）', xlsx: 'Excel（XLSX）' };

export const MIME_TYPES: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const generators = new Map<string, ExportGenerator>();
const keyOf = (kind: ExportKind, format: ExportFormat) => `${kind}:${format}`;

export function registerGenerator(kind: ExportKind, format: ExportFormat, gen: ExportGenerator): void {
  generators.set(keyOf(kind, format), gen);
}

export function findGenerator(kind: ExportKind, format: ExportFormat): ExportGenerator | undefined {
  return generators.get(keyOf(kind, format));
}

export function requireGenerator(kind: ExportKind, format: ExportFormat): ExportGenerator {
  const gen = findGenerator(kind, format);
  if (gen) return gen;
  const offered = availableFormats(kind).map((f) => FORMAT_LABELS[f]);
  throw new AppError(
    'invalid_argument',
    offered.length
      ? `${KIND_LABELS[kind]}不能导出为 ${FORMAT_LABELS[format]}，可选格式：${offered.join('、')}。`
      : `${KIND_LABELS[kind]}的导出尚未提供。`,
    { kind, format },
  );
}

/** Formats registered for a kind, in pdf/docx/xlsx order. */
export function availableFormats(kind: ExportKind): ExportFormat[] {
  return (['pdf', 'docx', 'xlsx'] as const).filter((f) => generators.has(keyOf(kind, f)));
}

/** Everything registered, for the UI and `help export`. */
export function registeredExports(): { kind: ExportKind; format: ExportFormat }[] {
  return [...generators.keys()].map((k) => {
    const [kind, format] = k.split(':') as [ExportKind, ExportFormat];
    return { kind, format };
  });
}
