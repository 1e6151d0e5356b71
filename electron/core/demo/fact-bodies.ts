/**
 * The demo's dossier documents state the register row's facts (issue #14): the 立案审批表 its 立案日期,
 * the 笔录 the officers and their certificate numbers, the 告知书 and 决定书 their dates (落款) and the
 * fine, each 送达回证 the document it served and when. A demo whose documents agree with its register
 * shows the reviewer where each fact was read, without inventing differences.
 */
import type { RegisterRowData } from './registers';
import type { FixtureDocument } from './pdfs';
import { figDate, zhDate } from './fact-dossiers';

const date = (iso: string | undefined) => (iso ? figDate(iso) : '');
const signed = (iso: string | undefined) => (iso ? zhDate(iso) : '');
const has = (v: string | undefined): v is string => Boolean(v && v.trim());

function officerLines(row: RegisterRowData): string[] {
  const names = (row.承办人 ?? '').split(/[、，,]/u).filter(Boolean);
  const certs = (row.执法证号 ?? '').split(/[、，,]/u);
  return names.map((n, i) => `${i === 0 ? '询问人' : '记录人'}：${n} 执法证号：${certs[i] ?? ''}`);
}

function served(row: RegisterRowData, title: string, iso: string | undefined): FixtureDocument {
  return { title: '送达回证', pages: 1, bodyLines: [`送达文书名称：${title}`, `受送达人：${row.当事人}`, '送达方式：直接送达', `送达日期：${date(iso)}`] };
}

/** The documents of a demo dossier with the register's facts in them, by case type. */
export function documentsStatingFacts(row: RegisterRowData): FixtureDocument[] {
  const unit = row.执法单位 ?? '';
  switch (row.案件类型) {
    case '行政处罚': {
      const fine = has(row.罚款金额) ? `罚款人民币${row.罚款金额}元` : '警告';
      const decisionLines = [`当事人：${row.当事人}`, '本局决定对当事人作出如下行政处罚：', `${fine}${has(row.没收金额) ? `；没收违法所得人民币${row.没收金额}元` : ''}。`];
      if (row.程序类型 === '简易程序') {
        return [
          { title: '现场检查笔录', pages: 1, bodyLines: [`检查时间：${date(row.决定日期)}`, `当事人：${row.当事人}`, '现场情况：当场发现违法行为，当事人无异议。'] },
          { title: '当场行政处罚决定书', pages: 1, bodyLines: [...decisionLines, ...officerLines(row), unit, signed(row.决定日期)] },
          ...(has(row.缴款日期) ? [{ title: '缴款凭证', pages: 1, bodyLines: [`缴款人：${row.当事人}`, `缴款日期：${date(row.缴款日期)}`] }] : []),
        ];
      }
      return [
        { title: '立案审批表', pages: 1, bodyLines: [`当事人：${row.当事人}`, `案由：${row.案由 ?? ''}`, '负责人审批意见：同意立案。', `立案日期：${date(row.立案日期)}`] },
        { title: '现场检查笔录', pages: 1, bodyLines: [`检查时间：${date(row.立案日期)}`, '现场情况：见现场照片。'] },
        { title: '询问笔录', pages: 2, bodyLines: [`被询问人：${row.当事人}`, ...officerLines(row), '问：你是否清楚本次调查的事项？', '答：清楚。'] },
        { title: '行政处罚事先告知书', pages: 1, bodyLines: [`${row.当事人}：`, `本局拟对你作出${fine}的行政处罚。`, '你可在收到本告知书之日起五日内提出陈述、申辩。', unit, signed(row.告知日期)] },
        served(row, '行政处罚事先告知书', row.告知送达日期),
        { title: '行政处罚决定书', pages: 2, bodyLines: decisionLines, continuationLines: ['如不服本决定，可在收到本决定书之日起六十日内申请行政复议。', unit, signed(row.决定日期)] },
        served(row, '行政处罚决定书', row.决定送达日期),
        { title: '结案审批表', pages: 1, bodyLines: ['处罚决定已执行完毕，建议结案。', `结案日期：${date(row.结案日期)}`] },
      ];
    }
    case '行政许可':
      return [
        { title: '行政许可申请书', pages: 1, bodyLines: [`申请人：${row.当事人}`, `申请事项：${row.案由 ?? ''}`, `申请日期：${date(row.申请日期)}`] },
        { title: '受理通知书', pages: 1, bodyLines: [`${row.当事人}：`, '你提交的申请材料齐全、符合法定形式，本机关决定受理。', unit, signed(row.受理日期)] },
        { title: '准予行政许可决定书', pages: 1, bodyLines: [`${row.当事人}：`, '经审查，你的申请符合法定条件、标准，决定准予行政许可。', unit, signed(row.决定日期)] },
        served(row, '准予行政许可决定书', row.决定送达日期),
      ];
    case '行政强制':
      return [
        { title: '立案审批表', pages: 1, bodyLines: [`当事人：${row.当事人}`, '负责人审批意见：同意立案。', `立案日期：${date(row.立案日期)}`] },
        { title: '查封扣押决定书', pages: 1, bodyLines: [`${row.当事人}：`, '本局决定对涉案物品实施扣押，期限三十日。', unit, signed(row.查封扣押日期)] },
        { title: '查封扣押物品清单', pages: 1, bodyLines: ['物品名称 数量 规格', '涉案食品 若干 箱'] },
        ...(has(row.查封扣押延长日期)
          ? [{ title: '延长查封扣押决定书', pages: 1, bodyLines: [`${row.当事人}：`, '因情况复杂，本局决定延长扣押期限三十日。', unit, signed(row.查封扣押延长日期)] }]
          : []),
        { title: '解除查封扣押决定书', pages: 1, bodyLines: [`${row.当事人}：`, '本局决定解除对涉案物品的扣押。', unit, signed(row.解除日期)] },
        served(row, '查封扣押决定书', row.查封扣押日期),
      ];
    default:
      return [
        { title: '现场检查笔录', pages: 2, bodyLines: [`检查对象：${row.当事人}`, `检查人员：${(row.承办人 ?? '').replace(/、/gu, '、')}`, '检查情况：未发现违法行为。'] },
        { title: '结案审批表', pages: 1, bodyLines: ['检查完毕，建议归档。', `结案日期：${date(row.结案日期)}`] },
      ];
  }
}
