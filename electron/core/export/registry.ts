/**
 * Which generator writes which document: one entry per (kind, format) of the kinds in
 * shared/domain/export/kinds.ts. Generators register themselves when their module is loaded
 * (see ./index.ts); the pipeline only looks them up.
 */
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, EXPORT_KINDS } from '../../../shared/domain/export/kinds';
import { AppError } from '../../../shared/errors';
import type { ExportFormat, ExportGenerator, ExportKind } from './types';

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
  const offered = availableFormats(kind).map((f) => EXPORT_FORMATS[f].label);
  const { label } = EXPORT_KINDS[kind];
  throw new AppError(
    'invalid_argument',
    offered.length ? `${label}不能导出为 ${EXPORT_FORMATS[format].label}，可选格式：${offered.join('、')}。` : `${label}的导出尚未提供。`,
    { kind, format },
  );
}

/** Formats registered for a kind, in pdf/docx/xlsx order. */
export function availableFormats(kind: ExportKind): ExportFormat[] {
  return EXPORT_FORMAT_NAMES.filter((f) => generators.has(keyOf(kind, f)));
}

/** Everything registered, for the UI and `help export`. */
export function registeredExports(): { kind: ExportKind; format: ExportFormat }[] {
  return [...generators.keys()].map((k) => {
    const [kind, format] = k.split(':') as [ExportKind, ExportFormat];
    return { kind, format };
  });
}
