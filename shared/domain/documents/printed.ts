/**
 * A document is listed under its title as printed (issue #14); when that differs from the catalogue
 * type it matched (a variant such as 当事人陈述申辩笔录, a 存根, the agency's own wording), the type is
 * shown beside it so a reviewer sees both what the paper says and what the checks take it for.
 */
import { documentTypeByCode, OTHER_DOCUMENT_CODE } from './catalogue';
import { titleKey } from './normalize';

/** The catalogue type to show beside a printed title, or null when the title already says it (or none matched). */
export function catalogueTypeBeside(docType: string, printedTitle: string): string | null {
  if (docType === OTHER_DOCUMENT_CODE) return null;
  const type = documentTypeByCode(docType);
  if (!type) return null;
  return titleKey(printedTitle) === titleKey(type.title) ? null : type.title;
}
