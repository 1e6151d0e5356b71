/**
 * Register validation: a parsed table (header row + string cells) and a column mapping in, normalised
 * DossierInput records plus every error and warning out. Pure and synchronous, so it can move into a
 * worker thread unchanged. Row numbers are the ones the spreadsheet shows (header = row 1).
 */
import {
  REGISTER_COLUMNS,
  registerColumn,
  suggestMapping,
  type ColumnMapping,
  type DossierInput,
  type Officer,
  type RegisterColumn,
} from './columns';
import { checkResidentId, looksLikeResidentId } from './id-number';
import { addDaysIso, cleanCell, parseAmountFen, parseDate, parseYesNo, splitList } from './normalise';
import { canonicalProcedure } from '../procedures';

/** A register sheet as read from a file: cells are strings (XLSX dates already ISO). */
export interface RegisterTable {
  headers: string[];
  /** Spreadsheet row number of the header row (1 unless a title row sits above it). */
  headerRow: number;
  /** Data rows that have at least one non-empty cell, with their spreadsheet row numbers. */
  rows: { row: number; cells: string[] }[];
}

export interface RegisterIssue {
  file: string;
  /** Spreadsheet row number (header = 1, first data row = 2); 0 = the file as a whole. */
  row: number;
  /** The column as named in the file's header (or the template column when it is missing). */
  column: string;
  value: string;
  message: string;
}

export interface ValidatedRow {
  file: string;
  row: number;
  record: DossierInput;
  /** The row as imported: source header → trimmed cell, non-empty cells only, unknown columns included. */
  raw: Record<string, string>;
}

export interface ValidationResult {
  rows: ValidatedRow[];
  errors: RegisterIssue[];
  warnings: RegisterIssue[];
}

export interface ValidateOptions {
  file: string;
  /** Effective mapping (see resolveMapping); headers not in it are kept in the raw row only. */
  mapping: ColumnMapping;
  /** The import date (YYYY-MM-DD): dates more than a day after it are flagged. */
  today: string;
  /**
   * Streaming: receives each valid row as soon as it is validated (`fileClean`: no error so far in
   * this table), instead of collecting them in `rows` (which then stays empty). The caller must
   * still discard everything when the result has errors, as with the collected rows.
   */
  onRow?: (row: ValidatedRow, fileClean: boolean) => void;
}

/**
 * The mapping an import uses for a header row: the suggestion (exact names, synonyms), overridden by
 * a saved mapping, overridden by the caller's explicit mapping. Only headers present in the file count.
 */
export function resolveMapping(headers: readonly string[], layers: { saved?: ColumnMapping | null; explicit?: ColumnMapping | null } = {}): ColumnMapping {
  const out = suggestMapping(headers);
  for (const layer of [layers.saved, layers.explicit]) {
    if (!layer) continue;
    const claimed = new Set(Object.entries(layer).filter(([h, t]) => t && headers.includes(h)).map(([, t]) => t));
    // A layer that maps a header to a column takes that column away from any suggestion below it.
    for (const h of headers) {
      if (!(h in layer) && out[h] && claimed.has(out[h])) out[h] = null;
    }
    for (const h of headers) if (h in layer) out[h] = layer[h] || null;
  }
  return out;
}

interface Binding {
  index: number;
  header: string;
  column: RegisterColumn;
}

/**
 * Why a 卷宗文件 value cannot be a file inside the chosen folder (null when it can): it is matched
 * against the names of the PDFs the user picks, so `../../etc/passwd` or a name with escape
 * sequences is almost certainly a mistake or mischief and is flagged on import.
 */
export function unsafeFileRef(value: string): string | null {
  if (CONTROL_CHARS.test(value)) return '含有控制字符';
  if (PARENT_SEGMENT.test(value)) return '指向上级目录（..）';
  if (ABSOLUTE_PATH.test(value)) return '是绝对路径';
  return null;
}

// Regex tests only, no split into segments: this runs for every row's 卷宗文件. / and \ both separate.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const PARENT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;
const ABSOLUTE_PATH = /^(?:[\\/]|[A-Za-z]:)/;

const listValues = (c: RegisterColumn): string => (c.values ?? []).join('、');

/**
 * Validates and normalises one table. Errors never stop the scan: every problem is reported at once.
 * All or nothing: a table with any error yields no records.
 */
export function validateRegisterTable(table: RegisterTable, opts: ValidateOptions): ValidationResult {
  const rows: ValidatedRow[] = [];
  const validator = createRegisterValidator(table.headers, table.headerRow, { ...opts, onRow: opts.onRow ?? ((r) => rows.push(r)) });
  for (const r of table.rows) validator.push(r.row, r.cells);
  const { errors, warnings } = validator.finish();
  return { rows: opts.onRow || errors.length ? [] : rows, errors, warnings };
}

/** A register validated row by row as it is read (see createRegisterValidator). */
export interface RegisterValidator {
  /** One data row (a row with at least one non-empty cell), in sheet order; `onRow` receives it if valid. */
  push(row: number, cells: readonly string[]): void;
  /** Whether any error has been found so far. */
  readonly clean: boolean;
  /** After the last row: every error and warning, in the order a reader meets them (header first). */
  finish(): { errors: RegisterIssue[]; warnings: RegisterIssue[] };
}

/**
 * The streaming form of validateRegisterTable: the header is bound at once, then rows are validated as
 * they are pushed and handed to `onRow`, so a 50,000-row register never has to exist as a table. A row
 * wider than the header gets unnamed columns (kept in the raw row, as a whole-table read would).
 */
export function createRegisterValidator(headerRow: readonly string[], hr: number, opts: ValidateOptions & Required<Pick<ValidateOptions, 'onRow'>>): RegisterValidator {
  const { file, mapping, today, onRow } = opts;
  const errors: RegisterIssue[] = [];
  const warnings: RegisterIssue[] = [];
  const headers = [...headerRow];

  // Raw-row keys must be unique: a repeated header gets a suffix (备注, 备注(2)).
  const seen = new Map<string, number>();
  const rawKeys: string[] = [];
  const extraIdx: number[] = [];
  const addRawKey = (h: string, i: number) => {
    const base = h || `第${i + 1}列`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    rawKeys.push(n === 1 ? base : `${base}(${n})`);
  };
  headers.forEach(addRawKey);

  // Bind source columns to template columns.
  const bindings: Binding[] = [];
  const boundBy = new Map<string, string>();
  headers.forEach((h, i) => {
    const target = h ? mapping[h] : null;
    if (!target) {
      extraIdx.push(i);
      return;
    }
    const column = registerColumn(target);
    if (!column) {
      errors.push({ file, row: hr, column: h, value: target, message: `列映射有误：“${target}”不是模板中的列。` });
      return;
    }
    if (seen.get(h)! > 1) {
      errors.push({ file, row: hr, column: h, value: h, message: `表头“${h}”出现了不止一次，无法确定哪一列是“${target}”。` });
      return;
    }
    const prev = boundBy.get(target);
    if (prev !== undefined) {
      errors.push({ file, row: hr, column: h, value: h, message: `“${prev}”和“${h}”两列都对应模板列“${target}”，请只保留一列。` });
      return;
    }
    boundBy.set(target, h);
    bindings.push({ index: i, header: h, column });
  });
  for (const c of REGISTER_COLUMNS) {
    if (c.required && !boundBy.has(c.header)) {
      errors.push({ file, row: hr, column: c.header, value: '', message: `缺少必填列“${c.header}”。` });
    }
  }

  const latestAllowed = addDaysIso(today, 1);
  const firstRowOfCase = new Map<string, number>();
  const nameBinding = bindings.find((b) => b.column.officerPart === 'name');
  const certBinding = bindings.find((b) => b.column.officerPart === 'certNo');
  const valueBindings = bindings.filter((b) => !b.column.officerPart);

  // Per-row state the helpers below read; hoisted so no closures are allocated per row (50,000 rows).
  let rowCount = 0;
  let row = 0;
  let rowOk = true;
  const err = (b: Binding, value: string, message: string) => {
    rowOk = false;
    errors.push({ file, row, column: b.header, value, message });
  };
  const warn = (column: string, value: string, message: string) => warnings.push({ file, row, column, value, message });
  const cells: string[] = Array.from({ length: headers.length }, () => '');

  function push(rowNumber: number, source: readonly string[]): void {
    rowCount++;
    row = rowNumber;
    rowOk = true;
    // A cell past the last named column that holds a value: an unnamed column from here on.
    if (source.length > headers.length) {
      let last = source.length;
      while (last > headers.length && !cleanCell(source[last - 1])) last--;
      for (let i = headers.length; i < last; i++) {
        headers.push('');
        addRawKey('', i);
        extraIdx.push(i);
        cells.push('');
      }
    }
    const width = headers.length;
    for (let i = 0; i < width; i++) cells[i] = i < source.length ? cleanCell(source[i]) : '';
    const rec = emptyRecord();
    const recFields = rec as unknown as Record<string, unknown>;

    for (const b of valueBindings) {
      const value = cells[b.index] ?? '';
      const c = b.column;
      if (!value) {
        if (c.required) err(b, '', `必填项“${c.header}”为空。`);
        continue;
      }
      const field = c.field as keyof DossierInput;
      switch (c.kind) {
        case 'text':
          // 一般程序 is the pre-2021 name of 普通程序: accepted, stored under the statute's current name.
          recFields[field] = field === 'procedure' ? canonicalProcedure(value) : value;
          if (field === 'fileRef') {
            const why = unsafeFileRef(value);
            if (why) warn(b.header, value, `${c.header}“${value}”${why}：导入卷宗 PDF 时它只用于与所选文件的名称比对，不会读取该路径。请核实。`);
          }
          break;
        case 'enum':
          if (c.values!.includes(value)) recFields[field] = value;
          else err(b, value, `“${value}”不是有效的${c.header}，应为：${listValues(c)}。`);
          break;
        case 'date': {
          const p = parseDate(value);
          if (!p.ok) err(b, value, `${c.header}“${value}”有误：${p.reason}。`);
          else {
            recFields[field] = p.value;
            if (p.value > latestAllowed) warn(b.header, value, `${c.header} ${p.value} 晚于导入日期（${today}），请核实。`);
          }
          break;
        }
        case 'amount': {
          const p = parseAmountFen(value);
          if (!p.ok) err(b, value, `${c.header}“${value}”有误：${p.reason}。`);
          else recFields[field] = p.value;
          break;
        }
        case 'bool': {
          const p = parseYesNo(value);
          if (!p.ok) err(b, value, `${c.header}“${value}”有误：${p.reason}。`);
          else recFields[field] = p.value;
          break;
        }
        case 'list':
          recFields[field] = splitList(value);
          break;
      }
    }

    // 承办人 and 执法证号: several each, paired by position.
    if (nameBinding || certBinding) {
      const names = nameBinding ? splitList(cells[nameBinding.index] ?? '') : [];
      const certs = certBinding ? splitList(cells[certBinding.index] ?? '') : [];
      const officers: Officer[] = names.map((name, i) => ({ name, certNo: certs[i] ?? null }));
      rec.officers = officers;
      if (certs.length > 0 && names.length !== certs.length) {
        const header = certBinding!.header;
        warn(
          header,
          cells[certBinding!.index] ?? '',
          names.length > certs.length
            ? `承办人 ${names.length} 名，执法证号只有 ${certs.length} 个：按顺序配对，其余承办人没有证号。`
            : `执法证号 ${certs.length} 个，多于承办人 ${names.length} 名：多出的证号未保存。`,
        );
      }
    }

    if (rec.partyIdNo) {
      const id = rec.partyIdNo.toUpperCase();
      if ((rec.partyType === '个人' && id.length === 18) || looksLikeResidentId(id)) {
        rec.partyIdNo = id;
        const check = checkResidentId(id);
        if (!check.ok) warn(boundBy.get('证件号码')!, id, `${check.reason}，请核实。`);
      }
    }

    if (rec.dateClosed && rec.dateFiled && rec.dateClosed < rec.dateFiled) {
      warn(boundBy.get('结案日期')!, rec.dateClosed, `结案日期 ${rec.dateClosed} 早于立案日期 ${rec.dateFiled}，请核实。`);
    }

    const caseNo = rec.caseNo;
    if (caseNo) {
      const first = firstRowOfCase.get(caseNo);
      if (first !== undefined) {
        rowOk = false;
        errors.push({
          file,
          row,
          column: boundBy.get('案卷编号')!,
          value: caseNo,
          message: `案卷编号“${caseNo}”重复：第 ${first} 行和第 ${row} 行。`,
        });
      } else {
        firstRowOfCase.set(caseNo, row);
      }
    }

    const raw: Record<string, string> = {};
    for (let i = 0; i < rawKeys.length; i++) {
      const v = cells[i];
      if (v) raw[rawKeys[i]] = v;
    }
    for (const i of extraIdx) {
      const v = cells[i];
      if (v) rec.extra[rawKeys[i]] = v;
    }
    if (rowOk) onRow({ file, row, record: rec, raw }, errors.length === 0);
  }

  return {
    push,
    get clean() {
      return errors.length === 0;
    },
    finish() {
      if (rowCount === 0) {
        if (headers.every((h) => !h)) return { errors: [{ file, row: 0, column: '', value: '', message: `文件为空：“${file}”没有表头，也没有数据。` }], warnings: [] };
        // A unit with no cases in the period sends its register's header alone: 0 cases, not an error.
        warnings.push({ file, row: 0, column: '', value: '', message: `文件“${file}”只有表头（第 ${hr} 行），没有数据行：按 0 件案卷导入。` });
      }
      return { errors, warnings };
    },
  };
}

function emptyRecord(): DossierInput {
  return {
    caseNo: '',
    unitName: '',
    caseType: '其他',
    procedure: null,
    field: null,
    cause: '',
    party: '',
    partyType: null,
    partyIdNo: null,
    partyPhone: null,
    officers: [],
    dateApplied: null,
    dateAccepted: null,
    dateDiscovered: null,
    dateFiled: null,
    dateNotice: null,
    dateNoticeServed: null,
    dateHearingRequested: null,
    dateHearingNotice: null,
    dateHearing: null,
    extensionApproved: null,
    dateDecision: null,
    dateDecisionServed: null,
    datePaid: null,
    dateSeized: null,
    dateSeizureExtended: null,
    dateReleased: null,
    dateReminder: null,
    dateEnforced: null,
    dateClosed: '',
    penaltyKinds: [],
    fineFen: null,
    confiscationFen: null,
    violationCode: null,
    circumstance: null,
    legalReview: null,
    collectiveDiscussion: null,
    fileRef: null,
    extra: {},
  };
}
