import { describe, expect, it } from 'vitest';
import { gradeDistributionChart, niceMax, problemRankingChart, truncate, unitComparisonChart } from '../../shared/domain/reports/charts';
import { chineseDate, parseBulletinBody } from '../../shared/domain/reports/bulletin';

describe('charts', () => {
  it('picks readable axis maxima', () => {
    expect([0, 1, 3, 7, 12, 26, 119, 480].map(niceMax)).toEqual([1, 1, 5, 10, 20, 50, 200, 500]);
  });

  it('draws one bar per grade, the fail grade grey, with counts and shares', () => {
    const c = gradeDistributionChart(
      [
        { grade: '优秀', count: 3, share: 0.3 },
        { grade: '合格', count: 6, share: 0.6 },
        { grade: '不合格', count: 1, share: 0.1 },
      ],
      '不合格',
    );
    expect(c.svg.startsWith('<svg')).toBe(true);
    const bars = [...c.svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" fill="(#[0-9a-f]+)"/g)].filter((b) => b[2] !== '#ffffff');
    expect(bars.map((b) => b[2])).toEqual(['#2f5d8a', '#2f5d8a', '#7f7f7f']);
    // Heights proportional to counts (axis max 10).
    expect(Number(bars[1][1]) / Number(bars[0][1])).toBeCloseTo(2, 5);
    expect(c.svg).toContain('6（60.0%）');
  });

  it('escapes labels and truncates long ones', () => {
    const c = unitComparisonChart([{ unitName: 'A<script>&"局', meanScore: 80, passRate: 1 }]);
    expect(c.svg).not.toContain('<script>');
    expect(c.svg).toContain('A&lt;script&gt;&amp;&quot;局');
    expect(truncate('一二三四五六七八九十', 5)).toBe('一二三四…');
    const p = problemRankingChart([{ itemCode: 'X-SUB-01', title: '问题', count: 4 }]);
    expect(p.svg).toContain('4 卷次');
    expect(p.height).toBeGreaterThan(40);
  });
});

describe('bulletin body', () => {
  it('splits headings, paragraphs and chart/table markers', () => {
    expect(parseBulletinBody('一、基本情况\n共评查 10 卷。\n\n【图表：等次分布】\n【图表：不存在】')).toEqual([
      { kind: 'heading', text: '一、基本情况' },
      { kind: 'paragraph', text: '共评查 10 卷。' },
      { kind: 'marker', marker: 'grades' },
      { kind: 'paragraph', text: '【图表：不存在】' },
    ]);
  });
  it('writes 成文日期 in Chinese numerals', () => {
    expect(chineseDate('2026-11-23')).toBe('二〇二六年十一月二十三日');
    expect(chineseDate('2025-01-05')).toBe('二〇二五年一月五日');
    expect(chineseDate('2025-10-10')).toBe('二〇二五年十月十日');
  });
});
