/**
 * Writes docs/template-example.xlsx: the built-in 行政处罚普通程序 template (PG) in the documented
 * workbook layout, generated from the same code the import uses, so the example cannot drift from
 * what templates.importXlsx accepts. Run: npx tsx scripts/make-template-example.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateToXlsx } from '../electron/core/handlers/templates';
import { builtinTemplate } from '../shared/domain/templates';

const DOCS = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'docs');

export const EXAMPLE_NOTES = [
  '评查标准模板（Excel 格式）说明 —— 详见 docs/template-format.md',
  '本文件由内置模板“行政处罚案卷评查标准（普通程序）”生成，可直接修改后在“设置 → 评查标准模板 → 导入”中导入。',
  '工作表“评查项”：每行一个评查项。第一行为表头，列顺序可调整，多余的列被忽略，空行跳过。',
  '  扣分方式：不扣分（仅否决）、扣全分、按处扣分（填每处扣分和扣分上限）、区间扣分（填最低扣分、最高扣分，可填扣分步长）。',
  '  否决项：是 / 否。适用案件类型、适用程序：多个用“、”分隔，空表示全部。',
  '  法律依据：法律简称 条文、条文；法律简称 条文，例如“行政处罚法 第六十一条；民事诉讼法”。',
  '工作表“设置”（也可命名为“模板信息”）：模板编码、版本、名称、案件类型、适用程序、总分、各维度满分、等次分数线、否决规则等。',
  '  维度行第五格填“本维度扣完为止”时，该维度按满分减去各项扣分之和计分、扣完为止；此时评查项的“分值”是该项最多扣分，各项之和可以超过维度满分。',
  '校验规则：编码不能重复；每处扣分不能超过扣分上限；各评查项分值之和等于维度满分（本维度扣完为止的维度：各项最多扣分之和不少于维度满分），各维度满分之和等于总分；等次分数线从高到低。',
  '导入时的每个错误都会指出工作表、行号、列和评查项编码。导入后保存为该模板编码的新版本，已评分的案卷不受影响。',
];

async function main(): Promise<void> {
  const pg = builtinTemplate('PG');
  if (!pg) throw new Error('内置模板 PG 不存在');
  const bytes = await templateToXlsx(pg, EXAMPLE_NOTES);
  const out = join(DOCS, 'template-example.xlsx');
  writeFileSync(out, bytes);
  console.log(`已写入 ${out}（${pg.items.length} 个评查项，${bytes.length} 字节）`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
