/**
 * Built-in checklist templates (data in the *.json files next to this file, written from the domain
 * brief §3). They are validated with the same schema as imported templates on first use — not when
 * this module loads: every app start and CLI command imports it, few need the templates, and parsing
 * all ten cost ~40 ms of CPU at each start.
 */
import { mustParseTemplate } from '../scoring/validate';
import type { ChecklistTemplate } from '../scoring/schema';
import pg from './pg.v1.json';
import ps from './ps.v1.json';
import li from './li.v1.json';
import ce from './ce.v1.json';
import inspection from './in.v1.json';
import pg2 from './pg.v2.json';
import ps2 from './ps.v2.json';
import li2 from './li.v2.json';
import ce2 from './ce.v2.json';
import inspection2 from './in.v2.json';

/** Raw JSON of the built-ins, keyed "<key>@<version>" (for export or reset-to-default). */
export const BUILTIN_TEMPLATE_DATA: Readonly<Record<string, unknown>> = {
  'PG@1': pg,
  'PS@1': ps,
  'LI@1': li,
  'CE@1': ce,
  'IN@1': inspection,
  // Version 2 (migration 18): 依据 cites published law and standards instead of an internal note, and
  // 普通程序 replaces 一般程序 (行政处罚法 2021 第五章第三节). Version 1 stays byte-for-byte as shipped:
  // its body hash identifies it when campaign packages are exchanged between laptops.
  'PG@2': pg2,
  'PS@2': ps2,
  'LI@2': li2,
  'CE@2': ce2,
  'IN@2': inspection2,
};

let parsed: readonly ChecklistTemplate[] | null = null;

/** Parsed built-in templates: PG, PS, LI, CE, IN, every shipped version (1 and 2), oldest first. */
export function builtinTemplateList(): readonly ChecklistTemplate[] {
  return (parsed ??= Object.values(BUILTIN_TEMPLATE_DATA).map((raw) => mustParseTemplate(raw)));
}

/** The built-in template with that key (latest version unless `version` is given), or undefined. */
export function builtinTemplate(key: string, version?: number): ChecklistTemplate | undefined {
  const matches = builtinTemplateList().filter((t) => t.key === key && (version === undefined || t.version === version));
  return matches.sort((a, b) => b.version - a.version)[0];
}
