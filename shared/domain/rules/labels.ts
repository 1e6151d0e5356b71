/** Chinese labels of the fact fields, used in messages ("无法检查：缺少 决定送达日期"). */

import type { DateField, FlagField } from './types';

export const DATE_LABELS: Record<DateField, string> = {
  applied: '申请材料接收日期',
  supplementNotice: '补正告知日期',
  accepted: '受理日期',
  violationEnded: '违法行为终了日期',
  discovered: '发现日期',
  filed: '立案日期',
  preserved: '先行登记保存日期',
  preservationHandled: '保存物品处理决定日期',
  notice: '告知书日期',
  noticeServed: '告知书送达日期',
  hearingRequested: '听证申请日期',
  hearingNotice: '听证通知日期',
  hearing: '听证日期',
  decision: '决定日期',
  decisionServed: '决定送达日期',
  certificateIssued: '许可证件颁发日期',
  paid: '缴款日期',
  seized: '查封扣押日期',
  seizureExtended: '延长查封扣押批准日期',
  released: '解除查封扣押或处理决定日期',
  reminder: '催告书送达日期',
  reminderDeadline: '催告履行期限届满日',
  enforced: '强制执行实施时间',
  closed: '结案日期',
};

export const FLAG_LABELS: Record<FlagField, string> = {
  extensionApproved: '是否经批准延长期限',
  legalReview: '是否经法制审核',
  collectiveDiscussion: '是否经集体讨论',
  hearingRightNotified: '是否告知听证权利',
  hearingHeld: '是否举行听证',
  defenceWaived: '当事人是否放弃陈述申辩权利',
  licenceGranted: '是否准予许可',
  emergency: '是否情况紧急',
  seriousHarm: '是否涉及生命健康安全、金融安全且有危害后果',
};

export const OTHER_LABELS = {
  caseType: '案卷类别',
  procedure: '程序类型',
  partyType: '当事人类型',
  officers: '执法人员信息',
  penaltyKinds: '处罚种类',
  fineYuan: '罚款金额',
  confiscationYuan: '没收金额',
  violationCode: '违法行为编码',
  circumstance: '违法情节档次',
  documents: '卷内文书标注',
  benchmarks: '裁量基准',
} as const;
