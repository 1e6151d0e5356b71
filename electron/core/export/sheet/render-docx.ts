/** The 评查表 as an editable Word document (offices add a stamp or a remark before filing it). */
import { Paragraph } from 'docx';
import { a4Section, heading, packDocx, para, run, SIZE, table, title, type CellSpec } from '../docx-kit';
import { pts, type SheetModel } from './data';
import { dimensionHeading, itemMaxCell, itemScoreCell, subtotalNote } from './pool-text';
import { sheetTitle } from './render-html';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function headerRows(m: SheetModel): (CellSpec | string)[][] {
  const h = m.header;
  const label = (text: string): CellSpec => ({ text, label: true });
  const party = [h.party, h.partyIdNo ? `证件号码：${h.partyIdNo}` : '', h.partyPhone ? `电话：${h.partyPhone}` : '', h.partyType ? `（${h.partyType}）` : '']
    .filter(Boolean)
    .join('　');
  return [
    [label('评查活动'), m.campaign.name, label('被评查单位'), h.unitName],
    [label('案卷编号'), h.caseNo, label('案件类型'), `${h.caseType}${h.procedure ? `（${h.procedure}）` : ''}`],
    [label('案由'), { text: h.cause, span: 3 }],
    [label('当事人'), { text: party, span: 3 }],
    [label('立案日期'), h.dateFiled ?? '', label('决定日期'), h.dateDecision ?? ''],
    [label('结案日期'), h.dateClosed ?? '', label('执法领域'), h.field ?? ''],
    [label('评查标准'), `${m.template.name}（第${m.template.version}版）`, label('评查人员'), m.reviewers.join('、')],
    m.blank
      ? [label('评查日期'), '', label('评查状态'), '']
      : [label('提交日期'), m.submittedAt ?? '未提交', label('评查状态'), m.status + (m.lockedAt ? `（${m.lockedAt}锁定）` : '')],
  ];
}

function itemRows(m: SheetModel): (CellSpec | string)[][] {
  const rows: (CellSpec | string)[][] = [];
  m.dimensions.forEach((dim, i) => {
    rows.push([{ text: `${ORDINALS[i] ?? i + 1}、${dimensionHeading(dim)}`, span: 7, bold: true, shade: 'EAEAEA' }]);
    for (const r of dim.items) {
      const rule = [r.deductionNote.replace(/[。；;，,\s]+$/, ''), r.veto && r.vetoCondition ? `否决情形：${r.vetoCondition}` : ''].filter(Boolean).join('；');
      const itemParas = [
        para(r.title),
        para(r.code, { size: SIZE.liuhao, color: '555555' }),
        ...(m.blank ? [para(r.guidance, { size: SIZE.liuhao })] : []),
        ...(rule ? [para(rule, { size: SIZE.liuhao })] : []),
      ];
      const reasonParas = [para(r.reason), ...(r.pages ? [para(`页码：${r.pages}`, { size: SIZE.liuhao })] : [])];
      rows.push([
        { text: String(r.no), align: 'center' },
        { paragraphs: itemParas },
        { text: itemMaxCell(dim, r), align: 'center' },
        { text: r.verdict, align: 'center', bold: r.verdict === '否决' },
        { text: m.blank ? '' : r.maxPoints === 0 ? '—' : pts(r.deducted), align: 'center' },
        { text: itemScoreCell(m, dim, r), align: 'center' },
        { paragraphs: reasonParas },
      ]);
    }
    rows.push(
      m.blank
        ? ['', '小计', { text: pts(dim.max), align: 'center' }, '', '', '', '']
        : ['', '小计', { text: pts(dim.applicableMax), align: 'center' }, '', { text: pts(dim.deducted), align: 'center' }, { text: pts(dim.score), align: 'center' }, { paragraphs: [para(subtotalNote(dim), { size: SIZE.liuhao })] }],
    );
  });
  return rows;
}

function resultRows(m: SheetModel): (CellSpec | string)[][] {
  const label = (text: string): CellSpec => ({ text, label: true });
  if (m.blank) {
    return [
      [label('总分'), '', label('等次'), ''],
      [label('是否否决'), { text: '□ 否　□ 是（否决项：　　　　　　　　）', span: 3 }],
    ];
  }
  const veto = m.veto.hit ? `是：${m.veto.reasons.map((r) => `${r.itemCode} ${r.title}${r.reason ? `（${r.reason}）` : ''}`).join('；')}` : '否';
  const before = m.veto.hit && m.pointsBeforeVeto !== m.total ? `（否决前得分 ${pts(m.pointsBeforeVeto)} 分）` : '';
  return [
    [label('各部分得分'), { text: m.dimensions.map((d) => `${d.name} ${pts(d.score)}/${pts(d.applicableMax)}`).join('；'), span: 3 }],
    [label('总分'), { text: `${pts(m.total)} 分（满分 ${pts(m.maxTotal)} 分）${before}`, bold: true }, label('等次'), { text: m.grade ?? '', bold: true }],
    [label('否决'), { text: veto, span: 3, bold: m.veto.hit }],
    ...(m.unanswered ? [[label('说明'), { text: `尚有 ${m.unanswered} 个评查项未评，得分为暂计。`, span: 3 }]] : []),
  ];
}

export async function renderSheetDocx(m: SheetModel): Promise<Buffer> {
  const children: (Paragraph | ReturnType<typeof table>)[] = [
    title(sheetTitle(m)),
    para(`${m.campaign.name}${m.campaign.organiser ? `　${m.campaign.organiser}` : ''}`, { align: 'center', after: 160 }),
    table([0.16, 0.34, 0.16, 0.34], [], headerRows(m)),
    heading('评查情况'),
    table([0.06, 0.33, 0.08, 0.09, 0.08, 0.08, 0.28], [['序号', '评查项目', '分值', '结论', '扣分', '得分', '扣分（否决）理由及卷内页码']], itemRows(m)),
    heading('评查结果'),
    table([0.16, 0.34, 0.16, 0.34], [], resultRows(m)),
  ];
  if (!m.blank) {
    children.push(heading('自动检查发现（已确认）'));
    if (m.findings.length === 0) children.push(para('无已确认的自动检查发现。'));
    else
      children.push(
        table(
          [0.06, 0.1, 0.34, 0.22, 0.28],
          [['序号', '程度', '问题', '法律依据', '计算过程']],
          m.findings.map((f, i) => [
            { text: String(i + 1), align: 'center' },
            { text: f.severity, align: 'center' },
            { paragraphs: [para(f.message), para(`${f.ruleId}${f.itemCode ? ` · ${f.itemCode}` : ''}`, { size: SIZE.liuhao, color: '555555' })] },
            f.legalBasis,
            { text: f.computation, size: SIZE.xiaowu },
          ]),
        ),
      );
  }
  children.push(
    para([run('评查人员（签字）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿', { size: SIZE.xiaosi })], { before: 480 }),
    para([run('评查组长（签字）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿', { size: SIZE.xiaosi })], { before: 360 }),
    para(`${m.masked ? '本表已对个人信息脱敏。' : ''}导出日期：${m.exportedOn}。`, { size: SIZE.xiaowu, color: '555555', before: 240 }),
  );
  return packDocx({ title: `${sheetTitle(m)} ${m.header.caseNo}`, subject: m.campaign.name }, [a4Section(children)]);
}
