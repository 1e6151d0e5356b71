/**
 * Masking of personal data in exports (脱敏). Pure functions, used by every export generator:
 * 身份证号 keeps the first 6 and last 4 characters, phone numbers the first 3 and last 4 digits,
 * a person's name keeps the surname (compound surnames such as 欧阳 kept whole); organisations are
 * never masked. `maskFreeText` also scrubs anything that looks like an ID or mobile number, so a
 * value typed into a note or a cause cannot slip through unmasked.
 */

export interface MaskOptions {
  idNumber: boolean;
  phone: boolean;
  personName: boolean;
}

export const DEFAULT_MASK: MaskOptions = { idNumber: true, phone: true, personName: true };
export const NO_MASK: MaskOptions = { idNumber: false, phone: false, personName: false };

export const isMasking = (o: MaskOptions): boolean => o.idNumber || o.phone || o.personName;

const STAR = '*';

/** 身份证号 (or any certificate number): first 6 + last 4 kept; short values keep at most a third. */
export function maskIdNumber(raw: string): string {
  const s = raw.trim();
  if (s.length > 10) return s.slice(0, 6) + STAR.repeat(s.length - 10) + s.slice(-4);
  if (s.length <= 2) return STAR.repeat(s.length);
  const keep = Math.floor(s.length / 3);
  return STAR.repeat(s.length - keep) + s.slice(-keep);
}

/** Phone numbers: the first 3 and last 4 digits kept, separators kept, every other digit masked. */
export function maskPhone(raw: string): string {
  const s = raw.trim();
  const digits = [...s].filter((c) => c >= '0' && c <= '9').length;
  if (digits < 8) return s.replace(/\d/g, STAR);
  let seen = 0;
  return [...s]
    .map((c) => {
      if (c < '0' || c > '9') return c;
      seen += 1;
      return seen <= 3 || seen > digits - 4 ? c : STAR;
    })
    .join('');
}

/** Two-character surnames (复姓) that must stay whole; everything else keeps one character. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '轩辕',
  '令狐', '钟离', '闾丘', '端木', '南宫', '西门', '独孤', '万俟', '澹台', '公冶', '宗政', '濮阳', '太史', '申屠',
  '呼延', '赫连', '百里', '东郭', '拓跋', '第五', '单于', '谷梁', '羊舌', '微生', '梁丘', '左丘', '东门', '亓官',
  '司空', '司寇', '子车', '颛孙', '巫马', '公西', '漆雕', '乐正', '壤驷', '公良', '宰父', '段干', '闻人', '仲孙',
  '叔孙', '季孙', '鲜于', '闻人', '淳于', '公羊', '即墨', '钟离', '宗政', '纳兰', '完颜', '爱新觉罗',
];

const COMPOUND_BY_LENGTH = [...new Set(COMPOUND_SURNAMES)].sort((a, b) => b.length - a.length);

/** A person's name: surname kept, each other character becomes *, e.g. 张三丰 → 张**, 欧阳修 → 欧阳*. */
export function maskPersonName(raw: string): string {
  const s = raw.trim();
  const chars = [...s];
  if (chars.length <= 1) return s;
  const compound = COMPOUND_BY_LENGTH.find((c) => s.startsWith(c) && chars.length > [...c].length);
  const keep = compound ? [...compound].length : 1;
  return chars.slice(0, keep).join('') + STAR.repeat(chars.length - keep);
}

/** Words that make a party an organisation when 当事人类型 is not recorded. */
const ORGANISATION_HINT =
  /(公司|集团|厂|店|铺|行|中心|合作社|经营部|门市部|工作室|超市|商场|医院|诊所|学校|幼儿园|协会|学会|委员会|事务所|研究所|研究院|银行|酒店|宾馆|餐厅|饭店|农场|养殖场|加工场|站|馆|社|局|院|所|部|队|处|办|会)$|有限|股份|个体工商户/;

/** True when the party is a natural person: 当事人类型 decides; without it, a name that reads like a person's. */
export function isPersonParty(party: string, partyType: string | null | undefined): boolean {
  if (partyType === '单位') return false;
  if (partyType === '个人') return true;
  const s = party.trim();
  if (ORGANISATION_HINT.test(s)) return false;
  return /^[\u4e00-\u9fa5·]{2,6}$/.test(s);
}

/** A party field (one or several names, 、，, separated): persons masked, organisations untouched. */
export function maskParty(party: string, partyType: string | null | undefined, options: MaskOptions): string {
  if (!options.personName || partyType === '单位') return party;
  return party
    .split(/([、，,；;\s]+)/)
    .map((part, i) => (i % 2 === 1 || part === '' ? part : isPersonParty(part, partyType) ? maskPersonName(part) : part))
    .join('');
}

// 18-digit 居民身份证 (last may be X) or 15-digit legacy numbers, not part of a longer digit run.
const ID_PATTERN = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
// Mainland mobile numbers (optionally +86 / 86 prefixed), not part of a longer digit run.
const MOBILE_PATTERN = /(?<!\d)(1[3-9]\d{9})(?!\d)/g;

/** The personal values of one dossier that free text may repeat (notes quoting the party, say). */
export interface PersonalValues {
  party?: string | null;
  partyType?: string | null;
  idNumber?: string | null;
  phone?: string | null;
}

/**
 * Free text (reviewer notes, 案由, file names): the dossier's own personal values replaced by their
 * masked forms, then any remaining ID-like or mobile-like number masked by pattern.
 */
export function maskFreeText(text: string, options: MaskOptions, values: PersonalValues = {}): string {
  if (!text || !isMasking(options)) return text;
  return freeTextMasker(options, values)(text);
}

/**
 * maskFreeText for many texts of one dossier (the workbook's 600,000 notes): the dossier's values and
 * their masked forms are worked out once, and a value is replaced only where the text contains it.
 */
export function freeTextMasker(options: MaskOptions, values: PersonalValues = {}): (text: string) => string {
  if (!isMasking(options)) return (text) => text;
  const replacements: [value: string, masked: string][] = [];
  const add = (value: string | null | undefined, masked: (v: string) => string) => {
    const v = value?.trim();
    if (!v || v.length < 2) return;
    const m = masked(v);
    if (m !== v) replacements.push([v, m]);
  };
  if (options.idNumber) add(values.idNumber, maskIdNumber);
  if (options.phone) add(values.phone, maskPhone);
  if (options.personName && values.party) {
    const parts = values.party.split(/[、，,；;\s]+/).filter((p) => p && isPersonParty(p, values.partyType));
    // Longest first, so a name inside a longer one does not break the longer one's replacement.
    for (const p of parts.sort((a, b) => b.length - a.length)) add(p, maskPersonName);
  }
  return (text) => {
    if (!text) return text;
    let out = text;
    // A function replacement: the masked text is inserted as it is ($ patterns are not expanded).
    for (const [v, m] of replacements) if (out.includes(v)) out = out.replaceAll(v, () => m);
    if (options.idNumber) out = out.replace(ID_PATTERN, (m) => maskIdNumber(m));
    if (options.phone) out = out.replace(MOBILE_PATTERN, (m) => maskPhone(m));
    return out;
  };
}

/** A dossier's header as exports print it. */
export interface DossierHeader {
  caseNo: string;
  unitName: string;
  caseType: string;
  procedure: string | null;
  cause: string;
  party: string;
  partyType: string | null;
  partyIdNo: string | null;
  partyPhone: string | null;
}

/** The header with personal data masked per the options (organisations and the unit never masked). */
export function maskDossierHeader<T extends DossierHeader>(header: T, options: MaskOptions): T {
  if (!isMasking(options)) return header;
  const values: PersonalValues = { party: header.party, partyType: header.partyType, idNumber: header.partyIdNo, phone: header.partyPhone };
  return {
    ...header,
    caseNo: maskFreeText(header.caseNo, options, { idNumber: header.partyIdNo, phone: header.partyPhone }),
    cause: maskFreeText(header.cause, options, values),
    party: maskParty(header.party, header.partyType, options),
    partyIdNo: header.partyIdNo && options.idNumber ? maskIdNumber(header.partyIdNo) : header.partyIdNo,
    partyPhone: header.partyPhone && options.phone ? maskPhone(header.partyPhone) : header.partyPhone,
  };
}

/** Characters Windows and macOS refuse in file names. */
const UNSAFE_FILE_CHARS = /[\\/:*?"<>|\u0000-\u001f]/g;

/** A file name safe on every desktop OS, masked the same way as the document it names. */
export function exportFileName(parts: string[], extension: string, options: MaskOptions, values: PersonalValues = {}): string {
  const base = parts
    .map((p) => p.trim())
    .filter(Boolean)
    .join('_');
  // Masking stars are not allowed in Windows file names: they become ＊ (full-width) after masking.
  const masked = maskFreeText(base, options, values).replace(/\*/g, '＊');
  const safe = masked.replace(UNSAFE_FILE_CHARS, '_').replace(/\s+/g, ' ').slice(0, 150);
  return `${safe || '导出'}.${extension}`;
}
