import { z } from 'zod';

/** Row ids are UUIDs so rows can travel between laptops and merge without collisions. */
export const Id = z.uuid('不是有效的 ID');

/** Calendar dates travel as ISO strings (YYYY-MM-DD), never as Date objects or timestamps. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
