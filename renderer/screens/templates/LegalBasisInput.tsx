import { useEffect, useState } from 'react';
import { formatLegalBasis, parseLegalBasis, type ChecklistItem } from '../../../shared/domain/scoring';

/** Edits the legal basis as the spreadsheet text ("行政处罚法 第六十一条；民事诉讼法"), parsed on blur. */
export function LegalBasisInput({ value, label, onChange }: { value: ChecklistItem['legalBasis']; label: string; onChange(v: ChecklistItem['legalBasis']): void }) {
  const formatted = formatLegalBasis(value);
  const [text, setText] = useState(formatted);
  useEffect(() => setText(formatted), [formatted]);
  return (
    <textarea
      rows={2}
      aria-label={label}
      title="法律简称 条文、条文；法律简称 条文"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        if (text !== formatted) onChange(parseLegalBasis(text));
      }}
    />
  );
}
