/** The 评查表 as a printable HTML document (A4 portrait; the printer turns it into PDF). */
import { escapeHtml as e, htmlDocument } from '../html';
import { pts, type SheetDimension, type SheetModel } from './data';
import { dimensionHeading, itemMaxCell, itemScoreCell, subtotalNote } from './pool-text';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export const sheetTitle = (m: SheetModel): string => (m.blank ? '行政执法案卷评查表（空白）' : '行政执法案卷评查表');

const caseTypeText = (m: SheetModel) => `${m.header.caseType}${m.header.procedure ? `（${m.header.procedure}）` : ''}`;

function headerTable(m: SheetModel): string {
  const h = m.header;
  const row = (a: string, av: string, b: string, bv: string) =>
    `<tr><td class="label">${a}</td><td>${e(av)}</td><td class="label">${b}</td><td>${e(bv)}</td></tr>`;
  const party = [h.party, h.partyIdNo ? `证件号码：${h.partyIdNo}` : '', h.partyPhone ? `电话：${h.partyPhone}` : ''].filter(Boolean).join('　');
  return `<table class="header"><colgroup><col style="width:16%"><col style="width:34%"><col style="width:16%"><col style="width:34%"></colgroup><tbody>
${row('评查活动', `${m.campaign.name}`, '被评查单位', h.unitName)}
${row('案卷编号', h.caseNo, '案件类型', caseTypeText(m))}
<tr><td class="label">案由</td><td colspan="3">${e(h.cause)}</td></tr>
<tr><td class="label">当事人</td><td colspan="3">${e(party)}${h.partyType ? `<span class="small muted">（${e(h.partyType)}）</span>` : ''}</td></tr>
${row('立案日期', h.dateFiled ?? '', '决定日期', h.dateDecision ?? '')}
${row('结案日期', h.dateClosed ?? '', '执法领域', h.field ?? '')}
${row('评查标准', `${m.template.name}（第${m.template.version}版）`, '评查人员', m.reviewers.join('、'))}
${m.blank ? row('评查日期', '', '评查状态', '') : row('提交日期', m.submittedAt ?? '未提交', '评查状态', m.status + (m.lockedAt ? `（${m.lockedAt}锁定）` : ''))}
</tbody></table>`;
}

function itemRows(m: SheetModel, dim: SheetDimension, index: number): string {
  const head = `<tr class="dim"><td colspan="7">${ORDINALS[index] ?? index + 1}、${e(dimensionHeading(dim))}</td></tr>`;
  const rows = dim.items
    .map((r) => {
      const max = e(itemMaxCell(dim, r));
      // A pure veto item carries no points: nothing to deduct or earn, only the verdict counts.
      const pointsOnly = r.maxPoints === 0;
      const guidance = m.blank ? `<div class="small">${e(r.guidance)}</div>` : '';
      const rule = [r.deductionNote.replace(/[。；;，,\s]+$/, ''), r.veto && r.vetoCondition ? `否决情形：${r.vetoCondition}` : ''].filter(Boolean).join('；');
      const reason = [r.reason ? e(r.reason) : '', r.pages ? `<div class="small">页码：${e(r.pages)}</div>` : ''].join('');
      return `<tr>
<td class="c">${r.no}</td>
<td><div>${e(r.title)}<span class="code">${e(r.code)}</span></div>${guidance}${rule ? `<div class="small">${e(rule)}</div>` : ''}</td>
<td class="n">${max}</td>
<td class="c${r.verdict === '否决' ? ' veto' : ''}">${e(r.verdict)}</td>
<td class="n">${m.blank ? '' : pointsOnly ? '—' : pts(r.deducted)}</td>
<td class="n">${itemScoreCell(m, dim, r)}</td>
<td>${reason}</td></tr>`;
    })
    .join('\n');
  const subtotal = m.blank
    ? `<tr class="subtotal"><td></td><td>小计</td><td class="n">${pts(dim.max)}</td><td></td><td></td><td></td><td></td></tr>`
    : `<tr class="subtotal"><td></td><td>小计</td><td class="n">${pts(dim.applicableMax)}</td><td></td><td class="n">${pts(dim.deducted)}</td><td class="n">${pts(dim.score)}</td><td class="small">${e(subtotalNote(dim))}</td></tr>`;
  return `${head}\n${rows}\n${subtotal}`;
}

function itemsTable(m: SheetModel): string {
  return `<table class="items"><colgroup><col style="width:6%"><col style="width:36%"><col style="width:7%"><col style="width:8%"><col style="width:7%"><col style="width:7%"><col style="width:29%"></colgroup>
<thead><tr><th>序号</th><th>评查项目</th><th>分值</th><th>结论</th><th>扣分</th><th>得分</th><th>扣分（否决）理由及卷内页码</th></tr></thead>
<tbody>${m.dimensions.map((d, i) => itemRows(m, d, i)).join('\n')}</tbody></table>`;
}

function resultTable(m: SheetModel): string {
  if (m.blank) {
    return `<table class="result keep"><tbody>
<tr><td class="label" style="width:16%">总分</td><td style="width:34%"></td><td class="label" style="width:16%">等次</td><td style="width:34%"></td></tr>
<tr><td class="label">是否否决</td><td colspan="3">□ 否　□ 是（否决项：　　　　　　　　）</td></tr></tbody></table>`;
  }
  const dims = m.dimensions.map((d) => `${e(d.name)} ${pts(d.score)}/${pts(d.applicableMax)}`).join('；');
  const veto = m.veto.hit
    ? `是：${m.veto.reasons.map((r) => `${e(r.itemCode)} ${e(r.title)}${r.reason ? `（${e(r.reason)}）` : ''}`).join('；')}`
    : '否';
  const beforeVeto = m.veto.hit && m.pointsBeforeVeto !== m.total ? `<div class="small">否决前得分 ${pts(m.pointsBeforeVeto)} 分</div>` : '';
  return `<table class="result keep"><tbody>
<tr><td class="label" style="width:16%">各部分得分</td><td colspan="3">${dims}</td></tr>
<tr><td class="label" style="width:16%">总分</td><td style="width:34%"><b>${pts(m.total)}</b> 分（满分 ${pts(m.maxTotal)} 分）${beforeVeto}</td><td class="label" style="width:16%">等次</td><td style="width:34%"><b>${e(m.grade)}</b></td></tr>
<tr><td class="label">否决</td><td colspan="3" class="${m.veto.hit ? 'veto' : ''}">${veto}</td></tr>
${m.unanswered ? `<tr><td class="label">说明</td><td colspan="3">尚有 ${m.unanswered} 个评查项未评，得分为暂计。</td></tr>` : ''}
</tbody></table>`;
}

function findingsTable(m: SheetModel): string {
  if (m.blank) return '';
  if (m.findings.length === 0) return `<h2>自动检查发现（已确认）</h2><p class="note">无已确认的自动检查发现。</p>`;
  return `<h2>自动检查发现（已确认）</h2><table class="findings"><colgroup><col style="width:6%"><col style="width:10%"><col style="width:34%"><col style="width:22%"><col style="width:28%"></colgroup>
<thead><tr><th>序号</th><th>程度</th><th>问题</th><th>法律依据</th><th>计算过程</th></tr></thead><tbody>
${m.findings
  .map(
    (f, i) =>
      `<tr><td class="c">${i + 1}</td><td class="c">${e(f.severity)}</td><td>${e(f.message)}<div class="small muted">${e(f.ruleId)}${f.itemCode ? ` · ${e(f.itemCode)}` : ''}</div></td><td>${e(f.legalBasis)}</td><td class="small">${e(f.computation)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

function signatures(m: SheetModel): string {
  return `<div class="signatures">
<div>评查人员（签字）：<span class="line"></span><br><br>日期：<span class="line">${m.blank ? '' : ''}</span></div>
<div>评查组长（签字）：<span class="line"></span><br><br>日期：<span class="line"></span></div>
</div>`;
}

export function renderSheetHtml(m: SheetModel): string {
  const body = `<h1>${sheetTitle(m)}</h1>
<div class="subtitle">${e(m.campaign.name)}${m.campaign.organiser ? `　${e(m.campaign.organiser)}` : ''}</div>
${headerTable(m)}
<h2>评查情况</h2>
${itemsTable(m)}
<h2>评查结果</h2>
${resultTable(m)}
${findingsTable(m)}
${signatures(m)}
<p class="note muted">${m.masked ? '本表已对个人信息脱敏。' : ''}导出日期：${e(m.exportedOn)}。${m.blank ? '评查结论填写“符合、扣分、不适用、否决”之一；扣分须写明理由及卷内页码。' : ''}</p>`;
  return htmlDocument(`${sheetTitle(m)} ${m.header.caseNo}`, body);
}
