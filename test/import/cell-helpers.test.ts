/**
 * The per-cell helpers of the import were rewritten with fast paths (no regex split, no Date object,
 * no cleaning passes for plain digits). Their results must be exactly those of the earlier,
 * regex-only versions kept here as references, over random inputs built from the characters that
 * matter to each helper.
 */
import { describe, expect, it } from 'vitest';
import { checkResidentId, gb11643CheckChar, parseAmountFen, splitList, unsafeFileRef } from '../../shared/domain/register';
import { cleanCell, type Parsed } from '../../shared/domain/register/normalise';
import { mulberry32 } from '../../shared/domain/sampling';

const rand = mulberry32(20261206);
const randomString = (alphabet: readonly string[], maxLength: number) => {
  let s = '';
  for (let n = Math.floor(rand() * (maxLength + 1)); n > 0; n--) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
};

function referenceUnsafeFileRef(value: string): string | null {
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(value)) return '含有控制字符';
  const path = value.replace(/\\/g, '/');
  if (path.split('/').some((part) => part === '..')) return '指向上级目录（..）';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return '是绝对路径';
  return null;
}

function referenceCheckResidentId(value: string): { ok: true } | { ok: false; reason: string } {
  const v = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: '不是 18 位居民身份证号码' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return { ok: false, reason: '身份证号码中的出生日期不存在' };
  }
  const expected = gb11643CheckChar(v.slice(0, 17));
  if (v[17] !== expected) return { ok: false, reason: `身份证号码校验位错误（按 GB 11643 应为 ${expected}）` };
  return { ok: true };
}

function referenceSplitList(input: string): string[] {
  return input
    .split(/[、,，;；\n\r]+/)
    .map(cleanCell)
    .filter(Boolean);
}

function referenceParseAmountFen(input: string): Parsed<number> {
  const fail = (reason: string): Parsed<number> => ({ ok: false, reason });
  let s = cleanCell(input);
  if (!s) return fail('金额为空');
  s = s.replace(/^[¥￥]/, '').replace(/\s*元$/, '').replace(/^[¥￥]/, '').trim();
  const negative = /^[-−－]/.test(s);
  if (negative) s = s.slice(1).trim();
  if (/[,，]/.test(s)) {
    if (!/^\d{1,3}([,，]\d{3})+(\.\d*)?$/.test(s)) return fail('金额的千分位分隔符位置不对');
    s = s.replace(/[,，]/g, '');
  }
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return fail('不是数字金额（单位：元）');
  if (negative) return fail('金额不能为负数');
  let frac = m[2] ?? '';
  if (frac.length > 2) {
    if (/[^0]/.test(frac.slice(2))) return fail('金额最多精确到分（两位小数）');
    frac = frac.slice(0, 2);
  }
  const fen = Number(m[1].replace(/^0+(?=\d)/, '')) * 100 + Number((frac + '00').slice(0, 2));
  if (!Number.isSafeInteger(fen)) return fail('金额过大');
  return { ok: true, value: fen };
}

describe('import cell helpers equal their regex-only references', () => {
  it('unsafeFileRef', () => {
    const alphabet = [...'ab/\\..:Cz卷 \u0000\u001f\u007f\u0085\u202e\u2066'];
    for (const v of ['../x.pdf', 'a/../b', 'a\\..\\b', '..', '/abs', '\\\\server\\x', 'C:x', 'c:/x', 'a..b/..c', '卷/2024/罚字1号.pdf']) {
      expect(unsafeFileRef(v), v).toBe(referenceUnsafeFileRef(v));
    }
    for (let n = 0; n < 20_000; n++) {
      const v = randomString(alphabet, 8);
      expect(unsafeFileRef(v), JSON.stringify(v)).toBe(referenceUnsafeFileRef(v));
    }
  });

  it('checkResidentId', () => {
    const digit = () => String(Math.floor(rand() * 10));
    for (let n = 0; n < 20_000; n++) {
      // Region, then a birth date near the edges (years 1899–2101 and 0000–9999, months 00–13, days 00–32).
      const year = rand() < 0.8 ? String(1899 + Math.floor(rand() * 203)) : digit() + digit() + digit() + digit();
      const month = String(Math.floor(rand() * 14)).padStart(2, '0');
      const day = String(Math.floor(rand() * 33)).padStart(2, '0');
      const first17 = `110105${year}${month}${day}${digit()}${digit()}${digit()}`;
      const last = rand() < 0.5 ? gb11643CheckChar(first17) : ['X', 'x', '0', '7', 'A'][Math.floor(rand() * 5)];
      const id = (rand() < 0.1 ? ' ' : '') + first17.slice(0, rand() < 0.05 ? 16 : 17) + last;
      expect(checkResidentId(id), id).toEqual(referenceCheckResidentId(id));
    }
  });

  it('splitList', () => {
    const alphabet = [...'张三、,，;；\n\r \u3000\t李a'];
    for (let n = 0; n < 20_000; n++) {
      const v = randomString(alphabet, 12);
      expect(splitList(v), JSON.stringify(v)).toEqual(referenceSplitList(v));
    }
  });

  it('parseAmountFen', () => {
    const alphabet = [...'0012359.,，¥￥元 -−－a'];
    for (const v of ['5000', '0', '00012.50', '12.500000', '12.501', '9007199254740993', '1.', '.5', '']) {
      expect(parseAmountFen(v), v).toEqual(referenceParseAmountFen(v));
    }
    for (let n = 0; n < 20_000; n++) {
      const v = randomString(alphabet, 10);
      expect(parseAmountFen(v), JSON.stringify(v)).toEqual(referenceParseAmountFen(v));
    }
  });
});
