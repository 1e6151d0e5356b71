/**
 * 程序类型 names. The 2021 行政处罚法 calls the non-simple procedure 普通程序 (第五章第三节); registers
 * and older templates still say 一般程序 (the 1996 law's name). Both mean the same procedure: imports
 * store 普通程序, and every comparison goes through {@link sameProcedure} so dossiers and template
 * versions stored with the old name keep matching.
 */
const PROCEDURE_SYNONYMS: Readonly<Record<string, string>> = { 一般程序: '普通程序' };

/** The current name of a procedure ('一般程序' → '普通程序'); other values trimmed and unchanged. */
export function canonicalProcedure(p: string): string {
  const t = p.trim();
  return PROCEDURE_SYNONYMS[t] ?? t;
}

/** Whether two procedure names mean the same procedure. */
export function sameProcedure(a: string, b: string): boolean {
  return canonicalProcedure(a) === canonicalProcedure(b);
}

/** Whether a list of procedure names (a template's or an item's) includes the procedure. */
export function listsProcedure(list: readonly string[], p: string): boolean {
  return list.some((x) => sameProcedure(x, p));
}
