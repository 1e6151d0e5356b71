import { asUpload, MB, readChosenText } from '../chosen-file';
import { campaignReads } from '../../../db/repositories/campaigns';
import { templateRepository, newVersionBody, type TemplateRepository } from '../../../db/repositories/templates';
import { newId, nowIso } from '../../../db/util';
import type { Handlers } from '../../../shared/api/contract';
import { templateApplies, type CaseContext } from '../../../shared/domain/scoring/applicability';
import { parseTemplate, type TemplateIssue } from '../../../shared/domain/scoring/validate';
import { parseTemplateJson, templateFromRows, templateToRows } from '../../../shared/domain/scoring/import';
import type { ChecklistTemplate } from '../../../shared/domain/scoring/schema';
import type { TemplateResult } from '../../../shared/domain/scoring/validate';
import { xlsxCellText } from '../import/read';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';

/** Built-in template key for a dossier (行政处罚+简易程序 → PS, 行政处罚 → PG, 行政许可 LI, 行政强制 CE, 行政检查 IN). */
export function builtinKeyFor(caseType: string, procedure: string | null): string | null {
  switch (caseType) {
    case '行政处罚':
      return procedure === '简易程序' ? 'PS' : 'PG';
    case '行政许可':
      return 'LI';
    case '行政强制':
      return 'CE';
    case '行政检查':
      return 'IN';
    default:
      return null;
  }
}

/**
 * The template a dossier of a campaign is scored with: the campaign's pinned version of the expected
 * built-in key, else another pinned template covering the case; else (pin = true) the newest
 * built-in of the key, pinned now. Returns undefined when nothing applies.
 */
export function resolveTemplate(
  repo: TemplateRepository,
  campaignId: string,
  dossier: CaseContext,
  pin: boolean,
): { id: string; pinnedNow: boolean } | undefined {
  const key = builtinKeyFor(dossier.caseType, dossier.procedure ?? null);
  const pinned = repo.pinned(campaignId);
  const sameKey = pinned.filter((p) => p.key === key).sort((a, b) => b.version - a.version)[0];
  if (sameKey) return { id: sameKey.id, pinnedNow: false };
  const other = pinned.find((p) => {
    const t = repo.cached(p.id)?.template;
    return t !== undefined && templateApplies(t, dossier);
  });
  if (other) return { id: other.id, pinnedNow: false };
  if (!key) return undefined;
  const builtin = repo.newestBuiltin(key);
  if (!builtin) return undefined;
  if (pin) repo.pin(campaignId, builtin, key);
  return { id: builtin, pinnedNow: pin };
}

/** Sheet names written by {@link templateToXlsx}; the reader also accepts 模板信息 for the settings. */
export const ITEM_SHEET = '评查项';
export const SETTING_SHEET = '设置';
const SETTING_SHEET_NAMES = [SETTING_SHEET, '模板信息'];

/**
 * Reads a template workbook (layout: docs/template-format.md) and validates it with the same code as
 * JSON. Sheets are found by name (评查项; 设置 or 模板信息), else by tab order. Row numbers in the
 * messages are the spreadsheet's own.
 */
export async function readTemplateXlsx(fileName: string, bytes: Uint8Array): Promise<TemplateResult> {
  const fail = (message: string): TemplateResult => ({ ok: false, errors: [{ message }] });
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (!isZip) {
    const isOldExcel = bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
    return fail(
      isOldExcel
        ? `“${fileName}”是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。`
        : `“${fileName}”不是 Excel（.xlsx）文件，无法读取。`,
    );
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as ExcelJS.Buffer);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return fail(`无法读取 Excel 文件“${fileName}”：文件不完整或已损坏（${why}）。请在 Excel 中打开确认后另存为 .xlsx 再导入。`);
  }
  const order = (ws: ExcelJS.Worksheet) => (ws as unknown as { orderNo?: number }).orderNo ?? 0;
  const sheets = [...wb.worksheets].sort((a, b) => order(a) - order(b));
  if (sheets.length === 0) return fail(`Excel 文件“${fileName}”中没有工作表，可能已损坏。`);
  const named = (names: string[]) => sheets.find((ws) => names.includes(ws.name.trim()));
  const itemSheet = named([ITEM_SHEET]) ?? sheets[0]!;
  const settingSheet = named(SETTING_SHEET_NAMES) ?? sheets.find((ws) => ws !== itemSheet && sheets.indexOf(ws) === 1);
  if (!settingSheet) {
    return fail(`Excel 文件“${fileName}”缺少工作表“${SETTING_SHEET}”（或“模板信息”）：模板编码、名称、总分、维度和等次写在该表中。`);
  }
  const result = templateFromRows([sheetCells(itemSheet), sheetCells(settingSheet)], {
    itemSheetName: itemSheet.name,
    settingSheetName: settingSheet.name,
  });
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map((e) => ({ ...e, message: `${fileName}：${e.message}` })) };
}

/** Every row of a sheet as cell text; index k is spreadsheet row k + 1 (blank rows kept as []). */
function sheetCells(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(xlsxCellText(values[c]));
    while (rows.length < rowNumber - 1) rows.push([]);
    rows[rowNumber - 1] = cells;
  });
  return rows;
}

/** A template as an .xlsx workbook in the documented layout (sheets 评查项, 设置, 说明). */
export async function templateToXlsx(t: ChecklistTemplate, notes: readonly string[] = []): Promise<Buffer> {
  const [itemRows, settingRows] = templateToRows(t);
  const wb = new ExcelJS.Workbook();
  wb.creator = '案卷评查';
  const items = wb.addWorksheet(ITEM_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const r of itemRows!) items.addRow(r);
  items.getRow(1).font = { bold: true };
  const widths: Record<string, number> = { 编码: 13, 维度: 8, 评查项: 22, 评查要点: 60, 法律依据: 36, 扣分说明: 40, 否决情形: 24 };
  itemRows![0]!.forEach((h, i) => {
    const col = items.getColumn(i + 1);
    col.width = widths[h] ?? 10;
    if (h === '评查要点' || h === '扣分说明' || h === '法律依据') col.alignment = { wrapText: true, vertical: 'top' };
  });
  const settings = wb.addWorksheet(SETTING_SHEET);
  for (const r of settingRows!) settings.addRow(r);
  settings.getRow(1).font = { bold: true };
  settings.getColumn(1).width = 14;
  settings.getColumn(2).width = 36;
  settings.getColumn(3).width = 14;
  settings.getColumn(4).width = 14;
  if (notes.length) {
    const help = wb.addWorksheet('说明');
    help.getColumn(1).width = 110;
    for (const line of notes) help.addRow([line]);
  }
  // Cells are written as text on purpose: the reader takes numbers and text alike, and text keeps 1.5 from becoming 1.4999….
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const issuesMessage = (head: string, errors: TemplateIssue[]): string =>
  `${head}\n${errors.slice(0, 20).map((e) => `- ${e.message}`).join('\n')}${errors.length > 20 ? `\n……共 ${errors.length} 处问题` : ''}`;

export function templateHandlers(ctx: CoreContext): Handlers['templates'] {
  const repo = templateRepository(ctx.db);
  const campaigns = campaignReads(ctx.read);
  const mustDetail = (id: string) => {
    const d = repo.detail(id);
    if (!d) throw notFound('评查标准模板', id);
    return d;
  };

  const storeImported = (parsed: ChecklistTemplate, fileName: string | null, actor: string) =>
    ctx.tx(() => {
      const version = repo.nextVersion(parsed.key);
      const template = newVersionBody(parsed, version);
      const id = newId();
      repo.insert(id, template, 'imported', nowIso());
      ctx.audit({
        actor,
        action: 'import',
        entity: 'template',
        entityId: id,
        after: {
          key: template.key,
          version,
          name: template.name,
          declaredVersion: parsed.version,
          items: template.items.length,
          ...(fileName ? { file: fileName } : {}),
        },
      });
      return mustDetail(id);
    });

  return {
    list: () => repo.list(),
    get: ({ id }) => mustDetail(id),
    import: async (input, call) => {
      const parsed = parseTemplateJson('path' in input ? await readChosenText(input.path, call, '模板文件', 5 * MB) : input.json);
      if (!parsed.ok) throw new AppError('bad_input', issuesMessage('模板未通过校验，未导入：', parsed.errors), { errors: parsed.errors });
      return storeImported(parsed.template, null, call.actor);
    },
    importXlsx: async (input, call) => {
      const { name, dataBase64 } = await asUpload(input, call, '模板表格', 15 * MB);
      const parsed = await readTemplateXlsx(name, Buffer.from(dataBase64, 'base64'));
      if (!parsed.ok) throw new AppError('bad_input', issuesMessage(`模板表格“${name}”未通过校验，未导入：`, parsed.errors), { errors: parsed.errors });
      return storeImported(parsed.template, name, call.actor);
    },
    copy: ({ id, name }, call) =>
      ctx.tx(() => {
        const from = mustDetail(id);
        const version = repo.nextVersion(from.key);
        const template = newVersionBody(from.template, version, name);
        const newTemplateId = newId();
        repo.insert(newTemplateId, template, 'edited', nowIso());
        ctx.audit({
          actor: call.actor,
          action: 'copy',
          entity: 'template',
          entityId: newTemplateId,
          after: { key: template.key, version, name: template.name, from: { id, version: from.version } },
        });
        return mustDetail(newTemplateId);
      }),
    save: ({ id, body }, call) =>
      ctx.tx(() => {
        const before = mustDetail(id);
        if (before.source === 'builtin') throw new AppError('conflict', '内置模板不能修改，请先复制为新版本再编辑。');
        if (repo.inUse(id)) throw new AppError('conflict', '已有评查使用此版本，请另存为新版本');
        const raw = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>), version: before.version } : body;
        const parsed = parseTemplate(raw);
        if (!parsed.ok) throw new AppError('bad_input', issuesMessage('模板未通过校验，未保存：', parsed.errors), { errors: parsed.errors });
        if (parsed.template.key !== before.key) {
          throw new AppError('bad_input', `模板编码不能从 ${before.key} 改为 ${parsed.template.key}；不同编码请作为新模板导入。`);
        }
        repo.updateBody(id, parsed.template);
        const after = mustDetail(id);
        ctx.audit({
          actor: call.actor,
          action: 'save',
          entity: 'template',
          entityId: id,
          before: { name: before.name, bodySha256: before.bodySha256, items: before.itemCount },
          after: { name: after.name, bodySha256: after.bodySha256, items: after.itemCount },
        });
        return after;
      }),
    pin: ({ campaignId, templateIds }, call) =>
      ctx.tx(() => {
        campaigns.mustExist(campaignId);
        const before = repo.pinned(campaignId).map((p) => ({ key: p.key, version: p.version }));
        const chosen = templateIds.map((tid) => {
          const s = repo.summary(tid);
          if (!s) throw notFound('评查标准模板', tid);
          return s;
        });
        const keys = chosen.map((s) => s.key);
        const dup = keys.find((k, i) => keys.indexOf(k) !== i);
        if (dup) throw new AppError('invalid_argument', `同一模板编码 ${dup} 只能指定一个版本。`);
        for (const s of chosen) repo.pin(campaignId, s.id, s.key);
        const after = repo.pinned(campaignId);
        ctx.audit({
          actor: call.actor,
          action: 'pin_templates',
          entity: 'campaign',
          entityId: campaignId,
          before,
          after: after.map((p) => ({ key: p.key, version: p.version })),
        });
        return after;
      }),
    pinned: ({ campaignId }) => {
      campaigns.mustExist(campaignId);
      return repo.pinned(campaignId);
    },
    pinnedAll: () => [...repo.pinnedAll()].map(([campaignId, templates]) => ({ campaignId, templates })),
  };
}
