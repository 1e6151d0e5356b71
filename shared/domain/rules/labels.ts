/**
 * Chinese labels of the fact fields, used in messages ("无法检查：缺少 决定送达日期"). The facts' labels
 * come from the fact table, so a finding and the 关键事实 panel name a fact alike.
 */

import { FACT_TABLE, type TableValueRow } from '../facts/table';
import type { DateField, FlagField } from './types';

const labelsOf = (rows: readonly { engine: string; label: string }[], strip = '') =>
  Object.fromEntries(rows.map((r) => [r.engine.slice(strip.length), r.label]));

export const DATE_LABELS = labelsOf(
  FACT_TABLE.filter((r) => r.kind === 'date'),
  'dates.',
) as Readonly<Record<DateField, string>>;

export const FLAG_LABELS = labelsOf(FACT_TABLE.filter((r) => r.kind === 'flag')) as Readonly<Record<FlagField, string>>;

const byEngine = (engine: TableValueRow['engine']): string => FACT_TABLE.find((r) => r.engine === engine)!.label;

/** The other facts' labels, plus the rule inputs that are not facts of the dossier (案卷类别, 文书, 裁量基准). */
export const OTHER_LABELS = {
  caseType: '案卷类别',
  procedure: byEngine('procedure'),
  partyType: byEngine('partyType'),
  officers: byEngine('officers'),
  penaltyKinds: byEngine('penaltyKinds'),
  fineFen: byEngine('fineFen'),
  confiscationFen: byEngine('confiscationFen'),
  violationCode: byEngine('violationCode'),
  circumstance: byEngine('circumstance'),
  documents: '卷内文书标注',
  benchmarks: '裁量基准',
  surchargeYuan: byEngine('surchargeYuan'),
  inspectionsThisYear: byEngine('inspectionsThisYear'),
  excludedDays: byEngine('excludedDays'),
  excludedReason: byEngine('excludedReason'),
} as const;
