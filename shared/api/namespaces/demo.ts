import { z } from 'zod';
import { mutation } from '../define';
import { Id } from './common';

export const DemoLoadResult = z.object({
  campaignId: Id,
  /** Dossiers imported from the generated registers. */
  dossiers: z.number().int(),
  /** Dossier PDFs attached (0 when no CJK font was found; see warnings). */
  pdfs: z.number().int(),
  reviewers: z.number().int(),
  warnings: z.array(z.string()),
});
export type DemoLoadResult = z.infer<typeof DemoLoadResult>;

export const demo = {
  load: mutation(
    '载入示例评查活动（虚构的三个单位约 200 卷案卷目录、十余份卷宗 PDF 和评查人员），供试用全部流程',
    z.object({}),
    DemoLoadResult,
  ),
};
