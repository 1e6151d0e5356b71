/**
 * Text normalisation for matching document titles in extracted or OCR'd text.
 *
 * pdf.js emits CJK radicals for some fonts (页→⻚ U+2EDA, 目→⽬ U+2F6C, 日→⽇): the Kangxi radicals
 * (U+2F00–U+2FD5) and CJK compatibility ideographs fold under NFKC, the radicals supplement
 * (U+2E80–U+2EF3) does not, so those are mapped here by hand.
 */

const RADICALS_SUPPLEMENT: Record<string, string> = {
  '\u2E81': '厂', '\u2E92': '巳', '\u2E93': '幺', '\u2E9B': '旡', '\u2E9C': '日', '\u2E9D': '月', '\u2E9E': '歺',
  '\u2E9F': '母', '\u2EA0': '民', '\u2EA7': '牛', '\u2EA9': '王', '\u2EBC': '月', '\u2EC1': '虎', '\u2EC4': '西',
  '\u2EC5': '见', '\u2EC6': '角', '\u2EC7': '角', '\u2EC9': '贝', '\u2ECB': '车', '\u2ED1': '長', '\u2ED3': '长',
  '\u2ED4': '门', '\u2ED8': '青', '\u2ED9': '韦', '\u2EDA': '页', '\u2EDB': '风', '\u2EDC': '飞', '\u2EDD': '食',
  '\u2EE2': '马', '\u2EE3': '骨', '\u2EE4': '鬼', '\u2EE5': '鱼', '\u2EE6': '鸟', '\u2EE7': '卤', '\u2EE8': '麦',
  '\u2EE9': '黄', '\u2EEA': '黾', '\u2EEB': '斉', '\u2EEC': '齐', '\u2EED': '歯', '\u2EEE': '齿', '\u2EEF': '竜',
  '\u2EF0': '龙', '\u2EF1': '龜', '\u2EF2': '亀', '\u2EF3': '龟',
};

const RADICAL_RE = /[\u2E80-\u2EFF]/g;

/** NFKC plus the radicals-supplement map: full-width → half-width, ⽬ → 目, ⻚ → 页, ⻬ → 齐. */
export function foldCjk(text: string): string {
  return text.normalize('NFKC').replace(RADICAL_RE, (c) => RADICALS_SUPPLEMENT[c] ?? c);
}

/**
 * Key used to compare titles: folded, then every space, punctuation mark and symbol removed
 * ("行 政 处 罚 决 定 书", "现场检查（勘验）笔录" → "行政处罚决定书", "现场检查勘验笔录").
 * Letters and digits (any script) are kept; ASCII letters are upper-cased.
 */
export function titleKey(text: string): string {
  return foldCjk(text)
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toUpperCase();
}

/** Splits page text into trimmed non-empty lines. */
export function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
