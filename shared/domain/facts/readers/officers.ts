/**
 * The officers (执法人员) and their certificate numbers as a 笔录 prints them:
 *   执法人员：李示范（执法证号：12345678）、王样本（执法证号：12345679）
 *   执法人员：李示范、王样本   执法证号：12345678、12345679
 *   询问人：李示范 执法证号：12345678 记录人：王样本 执法证号：12345679
 */
import type { Officer } from '../../rules/types';

const NAME = '[\\u4e00-\\u9fa5·]{2,4}';
const CERT_LABEL = '(?:执法证件号码|执法证件号|执法证编号|执法证号|执法证|证件号码|证号)';
const CERT = '[A-Za-z0-9\\-]{4,24}';

/** Labels that stand before an officer's name. */
const PERSON_LABEL = /(执法人员|办案人员|承办人员|承办人|检查人员|检查人|询问人|调查人|记录人|勘验人)[:：]?/gu;

const fold = (s: string) => s.normalize('NFKC').replace(/[ \t\u3000]+/gu, ' ');

/** Officers in a block of lines (one document's first page, usually), in order, without repeats. */
export function findOfficers(lines: readonly string[]): Officer[] {
  const text = lines.map(fold).join('\n');
  const out: Officer[] = [];
  const seen = new Set<string>();
  const push = (name: string, certNo: string | null) => {
    const n = name.trim();
    if (!n || seen.has(n) || /^(执法|证号|人员|记录|询问|当事)/u.test(n)) return;
    seen.add(n);
    out.push({ name: n, certNo });
  };

  // A list of names, then their numbers in the same order: 李示范、王样本 执法证号：1401…、1401…
  const list = new RegExp(`(${NAME}(?:[、，,]${NAME})+)\\s*[（(]?\\s*${CERT_LABEL}\\s*[:：]?\\s*(${CERT}(?:\\s*[、，,]\\s*${CERT})+)`, 'gu');
  for (const m of text.matchAll(list)) {
    const names = m[1]!.split(/[、，,]/u);
    const certs = m[2]!.split(/\s*[、，,]\s*/u);
    if (names.length === certs.length) names.forEach((n, i) => push(n, certs[i]!));
  }
  if (out.length) return out;

  // Name directly followed by its certificate number.
  const pair = new RegExp(`(?:^|[:：、，,\\s（(])(${NAME})\\s*[（(]?\\s*${CERT_LABEL}\\s*[:：]?\\s*(${CERT})`, 'gmu');
  for (const m of text.matchAll(pair)) push(m[1]!, m[2]!);
  if (out.length) return out;

  // A list of names, then a list of numbers in the same order.
  for (const raw of text.split('\n')) {
    const line = raw.replace(PERSON_LABEL, '\u0000');
    const namesPart = /\u0000\s*([^\u0000]*?)(?=\s*(?:执法证|证号|证件号|$))/u.exec(line)?.[1];
    if (!namesPart) continue;
    const names = namesPart.split(/[、，,\s]+/u).filter((n) => new RegExp(`^${NAME}$`, 'u').test(n));
    if (!names.length) continue;
    const certsPart = new RegExp(`${CERT_LABEL}\\s*[:：]?\\s*(.*)$`, 'u').exec(raw)?.[1] ?? '';
    const certs = [...certsPart.matchAll(new RegExp(CERT, 'gu'))].map((m) => m[0]);
    names.forEach((n, i) => push(n, certs[i] ?? null));
  }
  return out;
}
