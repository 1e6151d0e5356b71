/**
 * 中国法定节假日及调休安排 2023–2026 (data, not logic).
 *
 * Source: the State Council General Office's annual notice 国务院办公厅关于 YYYY 年部分节假日安排的通知,
 * one entry per year below. Each year lists
 *   - `holiday`: the days off announced in the notice (放假/放假调休), weekends inside a break included;
 *   - `workday`: the official make-up working days (调休上班日), always a Saturday or Sunday.
 * Ordinary weekends and weekdays are not listed: the calendar derives them.
 *
 * Checked against the text of each notice as remembered and against the project's issue text; every
 * make-up day was checked to fall on a Saturday/Sunday and every break to match the announced length.
 * 2024 and 2025 were checked date by date against the published notices, with their numbers; 2023's
 * number is from memory — (verify) against the official gazette before citing it. 2026: checked date by date against the published notice (国办发明电〔2025〕7号, dated
 * 2025-11-04, as released by 新华社); no verify mark.
 *
 * To add a year, do not edit code: load a holiday file (see holiday-file.ts) and merge it, or add a
 * block here with the same shape.
 */

import type { HolidayDataSet } from './work-calendar';

export const CN_HOLIDAYS: HolidayDataSet = {
  schemaVersion: 1,
  region: 'CN',
  years: [
    {
      year: 2023,
      source: '国务院办公厅关于2023年部分节假日安排的通知',
      docNo: '国办发明电〔2022〕16号',
      verify: '文号据记忆填写，需核对原文 (verify)',
      entries: [
        { kind: 'holiday', name: '元旦', from: '2022-12-31', to: '2023-01-02' },
        { kind: 'holiday', name: '春节', from: '2023-01-21', to: '2023-01-27' },
        { kind: 'workday', name: '春节调休上班', from: '2023-01-28' },
        { kind: 'workday', name: '春节调休上班', from: '2023-01-29' },
        { kind: 'holiday', name: '清明节', from: '2023-04-05' },
        { kind: 'holiday', name: '劳动节', from: '2023-04-29', to: '2023-05-03' },
        { kind: 'workday', name: '劳动节调休上班', from: '2023-04-23' },
        { kind: 'workday', name: '劳动节调休上班', from: '2023-05-06' },
        { kind: 'holiday', name: '端午节', from: '2023-06-22', to: '2023-06-24' },
        { kind: 'workday', name: '端午节调休上班', from: '2023-06-25' },
        { kind: 'holiday', name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06' },
        { kind: 'workday', name: '国庆节调休上班', from: '2023-10-07' },
        { kind: 'workday', name: '国庆节调休上班', from: '2023-10-08' },
      ],
    },
    {
      year: 2024,
      source: '国务院办公厅关于2024年部分节假日安排的通知',
      // Checked against the notice (国务院公报 2023年第31号; 人民日报 2023-10-26): number and every date.
      docNo: '国办发明电〔2023〕7号',
      entries: [
        { kind: 'holiday', name: '元旦', from: '2024-01-01' },
        { kind: 'holiday', name: '春节', from: '2024-02-10', to: '2024-02-17' },
        { kind: 'workday', name: '春节调休上班', from: '2024-02-04' },
        { kind: 'workday', name: '春节调休上班', from: '2024-02-18' },
        { kind: 'holiday', name: '清明节', from: '2024-04-04', to: '2024-04-06' },
        { kind: 'workday', name: '清明节调休上班', from: '2024-04-07' },
        { kind: 'holiday', name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
        { kind: 'workday', name: '劳动节调休上班', from: '2024-04-28' },
        { kind: 'workday', name: '劳动节调休上班', from: '2024-05-11' },
        { kind: 'holiday', name: '端午节', from: '2024-06-10' },
        { kind: 'holiday', name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
        { kind: 'workday', name: '中秋节调休上班', from: '2024-09-14' },
        { kind: 'holiday', name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
        { kind: 'workday', name: '国庆节调休上班', from: '2024-09-29' },
        { kind: 'workday', name: '国庆节调休上班', from: '2024-10-12' },
      ],
    },
    {
      year: 2025,
      source: '国务院办公厅关于2025年部分节假日安排的通知',
      // Checked against the notice as released by 新华社 on 2024-11-12: number and every date. From 2025
      // the public holidays grow by 2 days (春节、劳动节 one each, 全国年节及纪念日放假办法 as revised 2024-11).
      docNo: '国办发明电〔2024〕12号',
      entries: [
        { kind: 'holiday', name: '元旦', from: '2025-01-01' },
        { kind: 'holiday', name: '春节', from: '2025-01-28', to: '2025-02-04' },
        { kind: 'workday', name: '春节调休上班', from: '2025-01-26' },
        { kind: 'workday', name: '春节调休上班', from: '2025-02-08' },
        { kind: 'holiday', name: '清明节', from: '2025-04-04', to: '2025-04-06' },
        { kind: 'holiday', name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
        { kind: 'workday', name: '劳动节调休上班', from: '2025-04-27' },
        { kind: 'holiday', name: '端午节', from: '2025-05-31', to: '2025-06-02' },
        { kind: 'holiday', name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
        { kind: 'workday', name: '国庆节调休上班', from: '2025-09-28' },
        { kind: 'workday', name: '国庆节调休上班', from: '2025-10-11' },
      ],
    },
    {
      year: 2026,
      source: '国务院办公厅关于2026年部分节假日安排的通知',
      // Checked item by item against the notice as published by 新华社 on 2025-11-04 (国务院办公厅, 2025年11月4日).
      docNo: '国办发明电〔2025〕7号',
      entries: [
        { kind: 'holiday', name: '元旦', from: '2026-01-01', to: '2026-01-03' },
        { kind: 'workday', name: '元旦调休上班', from: '2026-01-04' },
        { kind: 'holiday', name: '春节', from: '2026-02-15', to: '2026-02-23' },
        { kind: 'workday', name: '春节调休上班', from: '2026-02-14' },
        { kind: 'workday', name: '春节调休上班', from: '2026-02-28' },
        { kind: 'holiday', name: '清明节', from: '2026-04-04', to: '2026-04-06' },
        { kind: 'holiday', name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
        { kind: 'workday', name: '劳动节调休上班', from: '2026-05-09' },
        { kind: 'holiday', name: '端午节', from: '2026-06-19', to: '2026-06-21' },
        { kind: 'holiday', name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
        { kind: 'holiday', name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
        { kind: 'workday', name: '国庆节调休上班', from: '2026-09-20' },
        { kind: 'workday', name: '国庆节调休上班', from: '2026-10-10' },
      ],
    },
  ],
};
