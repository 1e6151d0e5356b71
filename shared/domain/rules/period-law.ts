/**
 * Which periods count working days is itself law. This module encodes the three articles exactly:
 *
 *  - 行政处罚法 (2021) 第八十五条: "本法中'二日''三日''五日''七日'的规定是指工作日，不含法定节假日。"
 *      → only periods of 2, 3, 5 and 7 days are working days; 15 days (第六十七条), 90 days (第六十条)
 *        and every other length are calendar days.
 *  - 行政强制法 第六十九条: "本法中十日以内期限的规定是指工作日，不含法定节假日。"
 *      → periods of ten days or fewer are working days; 15 (第六十七条) and 30 (第二十五条) are calendar days.
 *  - 行政许可法 第八十二条: "本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日。"
 *      → every agency period is in working days, whatever its length (5, 10, 20, 45…). The applicant's
 *        periods (第四十七条 5 days, 第五十条 30 days) are not the organ's: calendar days by default
 *        (setting licensingApplicantUnit).
 *
 * Periods not set by these laws (sector rules such as the 立案 or 陈述申辩 periods) state their own
 * unit in the rule table.
 */

import type { LawName } from './types';

export type PeriodParty = 'agency' | 'party';

export interface StatutoryUnit {
  unit: 'working' | 'calendar';
  /** Article that makes it a working-day period, or null for calendar days. */
  basisArticle: number | null;
}

export const WORKING_DAY_ARTICLE: Record<LawName, number> = {
  行政处罚法: 85,
  行政强制法: 69,
  行政许可法: 82,
};

/** The unit a period of `lengthDays` days has under `law`. */
export function statutoryDayUnit(
  law: LawName,
  lengthDays: number,
  party: PeriodParty = 'agency',
  applicantUnitInLicensing: 'working' | 'calendar' = 'calendar',
): StatutoryUnit {
  const working = (w: boolean): StatutoryUnit =>
    w ? { unit: 'working', basisArticle: WORKING_DAY_ARTICLE[law] } : { unit: 'calendar', basisArticle: null };
  switch (law) {
    case '行政处罚法':
      return working([2, 3, 5, 7].includes(lengthDays));
    case '行政强制法':
      return working(lengthDays <= 10);
    case '行政许可法':
      return working(party === 'agency' || applicantUnitInLicensing === 'working');
  }
}

export { articleZh, chineseNumeral } from '../chinese-numerals';
