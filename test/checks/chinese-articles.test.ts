/** Official texts cite articles in Chinese numerals (第八十五条), as the statutes and the 评查表 do. */
import { describe, expect, test } from 'vitest';
import { findingNote } from '../../electron/core/checks/decide';
import { articleZh, articleZhOrEmpty, chineseNumeral } from '../../shared/domain/chinese-numerals';

describe('article numbers in Chinese numerals', () => {
  test('the confirmed-finding note written into the 评查表', () => {
    const note = findingNote({ rule_id: 'D-PEN-11', law: '行政处罚法', article: 61, message: '逾期送达', computation: '超期 2 个工作日' });
    expect(note).toBe('【自动检查 D-PEN-11 行政处罚法第六十一条】逾期送达；超期 2 个工作日');
    expect(note).not.toMatch(/第\d+条/);
    expect(findingNote({ rule_id: null, law: '行政处罚法', article: null, message: 'm', computation: '' })).toBe('【自动检查 行政处罚法】m');
  });
  test('numerals and the optional form', () => {
    expect([10, 15, 58, 85, 105, 110, 1259].map(chineseNumeral)).toEqual(['十', '十五', '五十八', '八十五', '一百零五', '一百一十', '一千二百五十九']);
    expect(articleZh(85)).toBe('第八十五条');
    expect(articleZhOrEmpty(null)).toBe('');
    expect(articleZhOrEmpty(0)).toBe('');
    expect(articleZhOrEmpty(61)).toBe('第六十一条');
  });
});
