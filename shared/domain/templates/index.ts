/**
 * Built-in checklist templates (data in the *.json files next to this file, written from the domain
 * brief §3). They are validated with the same schema as imported templates when this module loads.
 */
import { mustParseTemplate } from '../scoring/validate';
import type { ChecklistTemplate } from '../scoring/schema';
import pg from './pg.v1.json';
import ps from './ps.v1.json';
import li from './li.v1.json';
import ce from './ce.v1.json';
import inspection from './in.v1.json';

/** Raw JSON of the built-ins, keyed "<key>@<version>" (for export or reset-to-default). */
export const BUILTIN_TEMPLATE_DATA: Readonly<Record<string, unknown>> = {
  'PG@1': pg,
  'PS@1': ps,
  'LI@1': li,
  'CE@1': ce,
  'IN@1': inspection,
};

/** Parsed built-in templates: PG, PS, LI, CE, IN (version 1 each). */
export const BUILTIN_TEMPLATES: readonly ChecklistTemplate[] = Object.values(BUILTIN_TEMPLATE_DATA).map(
  (raw) => mustParseTemplate(raw),
);

/** The built-in template with that key (latest version unless `version` is given), or undefined. */
export function builtinTemplate(key: string, version?: number): ChecklistTemplate | undefined {
  const matches = BUILTIN_TEMPLATES.filter((t) => t.key === key && (version === undefined || t.version === version));
  return matches.sort((a, b) => b.version - a.version)[0];
}
