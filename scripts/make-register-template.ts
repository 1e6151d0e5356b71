/**
 * Writes the documented register template (docs/register-template.csv and .xlsx) from the column
 * table in shared/domain/register, so the shipped template cannot drift from what the import
 * accepts. Run: npx tsx scripts/make-register-template.ts
 */
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGISTER_COLUMNS, TEMPLATE_HEADERS, type RegisterColumn } from '../shared/domain/register/columns';

const DOCS = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'docs');

const KIND_LABEL: Record<RegisterColumn['kind'], string> = {
  text: '文本',
  date: '日期：2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日',
  amount: '金额（元）：纯数字，可带千分位逗号和“元”',
  enum: '取值之一',
  bool: '是 / 否',
  list: '多个值用“、”分隔',
};

export function describeColumn(c: RegisterColumn): string {
  if (c.kind === 'enum') return `${KIND_LABEL.enum}：${(c.values ?? []).join(' | ')}`;
  if (c.officerPart === 'name') return '承办人姓名，多个用“、”分隔；与“执法证号”按顺序一一对应';
  if (c.officerPart === 'certNo') return '执法证号，多个用“、”分隔；与“承办人”按顺序一一对应';
  if (c.header === '证件号码') return '身份证号（18 位，校验位错误时给出警告）或统一社会信用代码';
  if (c.header === '卷宗文件') return '卷宗 PDF 的相对路径，如 示例市场监管局/示市监罚〔2024〕1号.pdf';
  return KIND_LABEL[c.kind];
}

/** A fictional example row, clearly marked. */
const EXAMPLE: Record<string, string> = {
  案卷编号: '示市监罚〔2024〕1号',
  执法单位: '示例市市场监督管理局',
  案件类型: '行政处罚',
  案由: '销售过期食品（示例）',
  当事人: '示例市某某超市',
  结案日期: '2024-06-28',
  执法领域: '市场监管',
  程序类型: '一般程序',
  当事人类型: '单位',
  承办人: '张某、李某',
  执法证号: 'SJ000001、SJ000002',
  立案日期: '2024-03-05',
  告知日期: '2024-04-10',
  告知送达日期: '2024-04-11',
  决定日期: '2024-04-25',
  决定送达日期: '2024-04-26',
  缴款日期: '2024-05-08',
  处罚种类: '警告、罚款',
  罚款金额: '5000',
  情节: '一般',
  法制审核: '是',
  集体讨论: '否',
  卷宗文件: '示市监罚〔2024〕1号.pdf',
};

export function templateCsv(): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = TEMPLATE_HEADERS.join(',');
  const row = TEMPLATE_HEADERS.map((h) => quote(EXAMPLE[h] ?? '')).join(',');
  return `\uFEFF${header}\r\n${row}\r\n`;
}

export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('案卷目录');
  sheet.addRow([...TEMPLATE_HEADERS]);
  sheet.addRow(TEMPLATE_HEADERS.map((h) => EXAMPLE[h] ?? ''));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((c) => (c.width = 16));
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列名', '必填', '格式与取值']);
  help.getRow(1).font = { bold: true };
  for (const c of REGISTER_COLUMNS) help.addRow([c.header, c.required ? '必填' : '', describeColumn(c)]);
  help.columns = [{ width: 18 }, { width: 8 }, { width: 80 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(DOCS, 'register-template.csv'), templateCsv());
  writeFileSync(join(DOCS, 'register-template.xlsx'), await templateXlsx());
  const rows = REGISTER_COLUMNS.map((c) => `| ${c.header} | ${c.required ? '必填' : ''} | ${describeColumn(c)} |`);
  writeFileSync(
    join(DOCS, 'register-template.md'),
    `# 案卷登记表模板（Register template）\n\n各执法单位报送的案卷登记表（案卷目录）可用 CSV（UTF-8 或 GBK/GB18030，Excel 另存的均可）或 XLSX（默认第一个工作表）。` +
      `模板文件：[register-template.xlsx](register-template.xlsx)、[register-template.csv](register-template.csv)（示例行为虚构数据，导入前请删除）。\n\n` +
      `- 列的顺序不限；模板以外的列会原样保留在案卷的原始记录中。\n- 表头不同的登记表（其他办案系统导出）可在导入时把各列对应到模板列，点“保存映射”按单位记住；以后导入该单位的登记表自动套用。\n- XLSX 有多个工作表时，导入窗口列出全部工作表供选择（命令行：\`--sheet 工作表名\`）；工作表名不存在时报错并列出现有的工作表。\n- 导入结果和导入记录按执法单位分别列出新增、未变化、有变化的件数。\n- 案卷列表按案卷编号排序时按“自然顺序”：罚字〔2024〕2号 排在 罚字〔2024〕10号 之前（数字按数值比较，全角数字和 []、【】等括号写法视同〔〕）。\n` +
      `- 整个文件要么全部导入，要么一行也不导入：任何错误都会列出文件、行号（表头为第 1 行）、列和原值。\n- 再次导入同一登记表不会重复写入；内容有变化的案卷逐项列出，确认后才更新（命令行：--apply-changes）。\n\n` +
      `| 列名 | 必填 | 格式与取值 |\n|---|---|---|\n${rows.join('\n')}\n`,
  );
  console.log('wrote docs/register-template.{csv,xlsx,md}');
}
