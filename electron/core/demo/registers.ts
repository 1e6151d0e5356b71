/**
 * Deterministic generator of fictional register (案卷目录) rows, and writers for the file formats
 * units send: UTF-8 CSV (with or without BOM), GBK CSV as Excel on Chinese Windows writes it, XLSX.
 * Used by the import tests, the demo campaign and the benchmarks. Every name is fictional (示例市…,
 * 张某某); ID numbers are well-formed with correct GB 11643 check digits but belong to no one known.
 *
 * Same seed and options → the same rows; and the first n rows never depend on `count`.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { gb11643CheckChar, REGISTER_COLUMNS, TEMPLATE_HEADERS } from '../../../shared/domain/register';
import { mulberry32 } from '../../../shared/domain/sampling/prng';

/** A register row as the file holds it: template column → cell text ('' = empty). */
export type RegisterRowData = Record<string, string>;

export const FICTIONAL_UNITS = ['示例市市场监督管理局', '示例市生态环境局', '示例市交通运输局'] as const;

class Rand {
  constructor(private readonly next: () => number) {}
  float = () => this.next();
  int = (min: number, max: number) => min + Math.floor(this.next() * (max - min + 1));
  pick = <T>(xs: readonly T[]): T => xs[Math.floor(this.next() * xs.length)];
  chance = (p: number) => this.next() < p;
  digits = (n: number) => Array.from({ length: n }, () => String(this.int(0, 9))).join('');
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const DAY = 86_400_000;
const iso = (t: number) => {
  const d = new Date(t);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
};

/** A well-formed 18-digit 居民身份证号码 with a correct check character. */
export function fictionalResidentId(rand: () => number, birth?: string): string {
  const r = new Rand(rand);
  const region = r.pick(['110105', '310104', '440106', '330106', '510107', '420106']);
  const b = birth ?? iso(Date.UTC(1960, 0, 1) + r.int(0, 40 * 365) * DAY);
  const first17 = region + b.replace(/-/g, '') + r.digits(3);
  return first17 + gb11643CheckChar(first17);
}

interface UnitProfile {
  name: string;
  prefix: string;
  field: string;
  causes: { cause: string; code: string }[];
  officers: { name: string; certNo: string }[];
}

const SECTORS: { match: RegExp; prefix: string; field: string; causes: [string, string][] }[] = [
  {
    match: /市场监督|市场监管/,
    prefix: '示市监',
    field: '市场监管',
    causes: [
      ['销售超过保质期的食品', 'SJ-0101'],
      ['未按规定明码标价', 'SJ-0203'],
      ['生产经营不符合食品安全标准的食品', 'SJ-0105'],
      ['发布虚假广告', 'SJ-0310'],
      ['未取得营业执照从事经营活动', 'SJ-0401'],
      ['销售不合格产品', 'SJ-0502'],
    ],
  },
  {
    match: /生态环境|环境保护/,
    prefix: '示环',
    field: '生态环境',
    causes: [
      ['超过排放标准排放大气污染物', 'HJ-0102'],
      ['建设项目环境影响评价文件未经批准擅自开工建设', 'HJ-0201'],
      ['未按规定设置危险废物识别标志', 'HJ-0305'],
      ['违法倾倒工业固体废物', 'HJ-0310'],
      ['未按规定开展自行监测', 'HJ-0408'],
    ],
  },
  {
    match: /交通运输|交通/,
    prefix: '示交',
    field: '交通运输',
    causes: [
      ['未取得道路运输经营许可擅自从事道路运输经营', 'JT-0101'],
      ['车辆超限运输', 'JT-0205'],
      ['巡游出租汽车未按规定使用计价器', 'JT-0302'],
      ['未按规定对车辆进行检测', 'JT-0110'],
    ],
  },
];

const GENERIC_CAUSES: [string, string][] = [
  ['擅自占用城市道路', 'ZH-0101'],
  ['未经批准设置户外广告设施', 'ZH-0203'],
  ['违法搭建建筑物', 'ZH-0301'],
];

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['明', '芳', '伟', '静', '强', '敏', '磊', '军', '洋', '勇', '艳', '杰', '涛', '超', '娟', '华', '平', '刚', '桂英', '建国', '志强', '晓东'];
const COMPANY_WORDS = ['华兴', '恒达', '瑞丰', '鑫源', '长青', '宏图', '安泰', '金穗', '顺通', '青禾', '启明', '远航'];
const COMPANY_KINDS = ['商贸有限公司', '餐饮管理有限公司', '食品厂', '建材有限公司', '物流有限公司', '化工有限公司', '汽车运输有限公司', '超市'];
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function buildProfiles(units: readonly string[], rand: Rand): UnitProfile[] {
  const usedPrefixes = new Set<string>();
  return units.map((name, i) => {
    const s = SECTORS.find((x) => x.match.test(name));
    let prefix = s?.prefix ?? '示执';
    if (usedPrefixes.has(prefix)) prefix = `${prefix}${i + 1}`;
    usedPrefixes.add(prefix);
    const officers = Array.from({ length: 8 }, () => ({
      name: rand.pick(SURNAMES) + rand.pick(GIVEN),
      certNo: `99${pad2(i + 1)}${rand.digits(6)}`,
    }));
    return {
      name,
      prefix,
      field: s?.field ?? '综合行政执法',
      causes: (s?.causes ?? GENERIC_CAUSES).map(([cause, code]) => ({ cause, code })),
      officers,
    };
  });
}

export interface GenerateRegisterOptions {
  seed: number;
  count: number;
  /** Unit names; default FICTIONAL_UNITS. Rows are spread across them round-robin-ish at random. */
  units?: readonly string[];
  /** Year the cases are filed in (default 2024). */
  year?: number;
}

/**
 * Fictional register rows, every template column present (empty where it does not apply). Dates
 * follow each case type's sequence: 发现 ≤ 立案 ≤ 告知 ≤ 告知送达 ≤ 决定 ≤ 决定送达 ≤ 缴款 ≤ 结案.
 */
export function generateRegisterRows(opts: GenerateRegisterOptions): RegisterRowData[] {
  const rand = new Rand(mulberry32(opts.seed));
  const year = opts.year ?? 2024;
  const profiles = buildProfiles(opts.units ?? FICTIONAL_UNITS, rand);
  const seq = new Map<string, number>();
  const rows: RegisterRowData[] = [];
  for (let n = 0; n < opts.count; n++) {
    const u = rand.pick(profiles);
    const row: RegisterRowData = Object.fromEntries(TEMPLATE_HEADERS.map((h) => [h, '']));
    const roll = rand.float();
    const caseType = roll < 0.7 ? '行政处罚' : roll < 0.85 ? '行政许可' : roll < 0.95 ? '行政强制' : '行政检查';
    const kindChar = { 行政处罚: '罚', 行政许可: '许', 行政强制: '强', 行政检查: '检' }[caseType];
    const key = `${u.prefix}${kindChar}`;
    const no = (seq.get(key) ?? 0) + 1;
    seq.set(key, no);
    const caseNo = `${key}〔${year}〕${no}号`;
    const person = rand.chance(0.6);
    const party = person
      ? `${rand.pick(SURNAMES)}某某`
      : `示例市${rand.pick(COMPANY_WORDS)}${rand.pick(COMPANY_KINDS)}`;
    const { cause, code } = rand.pick(u.causes);
    const officerA = rand.pick(u.officers);
    let officerB = rand.pick(u.officers);
    if (officerB === officerA) officerB = u.officers[(u.officers.indexOf(officerA) + 1) % u.officers.length];

    let t = Date.UTC(year, 0, 2) + rand.int(0, 270) * DAY;
    const step = (min: number, max: number) => (t += rand.int(min, max) * DAY);
    Object.assign(row, {
      案卷编号: caseNo,
      执法单位: u.name,
      案件类型: caseType,
      执法领域: u.field,
      当事人: party,
      当事人类型: person ? '个人' : '单位',
      证件号码: person
        ? fictionalResidentId(rand.float)
        : `9199${Array.from({ length: 14 }, () => rand.pick([...CREDIT_CHARS])).join('')}`,
      联系电话: `1${rand.pick(['38', '39', '58', '86', '77'])}${rand.digits(8)}`,
      承办人: `${officerA.name}、${officerB.name}`,
      执法证号: `${officerA.certNo}、${officerB.certNo}`,
    });

    if (caseType === '行政处罚') {
      const simple = rand.chance(0.15);
      row.程序类型 = simple ? '简易程序' : '一般程序';
      row.案由 = cause;
      row.违法行为代码 = code;
      row.发现日期 = iso(t);
      if (simple) {
        row.决定日期 = iso(t);
        row.决定送达日期 = iso(t);
        const fine = person ? rand.int(1, 4) * 50 : rand.int(2, 30) * 100;
        row.处罚种类 = rand.chance(0.3) ? '警告' : '罚款';
        if (row.处罚种类 === '罚款') {
          row.罚款金额 = String(fine);
          row.缴款日期 = iso(step(0, 10));
        }
        row.结案日期 = iso(step(0, 5));
      } else {
        row.立案日期 = iso(step(0, 7));
        row.告知日期 = iso(step(10, 50));
        row.告知送达日期 = iso(step(0, 3));
        const circumstance = rand.pick(['轻微', '一般', '一般', '较重', '严重'] as const);
        const base = { 轻微: 500, 一般: 5000, 较重: 30000, 严重: 100000 }[circumstance];
        const fine = Math.round(base * (0.5 + rand.float())) + (rand.chance(0.1) ? 0.5 : 0);
        if (fine >= 10000 && rand.chance(0.3)) {
          row.听证申请日期 = iso(step(1, 4));
          row.听证通知日期 = iso(step(1, 3));
          row.听证日期 = iso(step(7, 10));
        }
        row.延期批准 = rand.chance(0.05) ? '是' : '否';
        row.决定日期 = iso(step(5, 20));
        row.决定送达日期 = iso(step(0, 5));
        const kinds = ['罚款'];
        if (rand.chance(0.2)) {
          kinds.push('没收违法所得');
          row.没收金额 = String(rand.int(1, 200) * 100);
        }
        if (rand.chance(0.1)) kinds.unshift('警告');
        row.处罚种类 = kinds.join('、');
        row.罚款金额 = String(fine);
        row.情节 = circumstance;
        row.法制审核 = '是';
        row.集体讨论 = circumstance === '较重' || circumstance === '严重' ? '是' : '否';
        row.缴款日期 = iso(step(1, 15));
        row.结案日期 = iso(step(1, 20));
      }
    } else if (caseType === '行政许可') {
      row.程序类型 = rand.pick(['普通程序', '简易程序', '特别程序']);
      row.案由 = `${rand.pick(['食品经营许可', '排污许可', '道路运输经营许可', '户外广告设置许可'])}申请`;
      row.申请日期 = iso(t);
      row.受理日期 = iso(step(0, 5));
      row.决定日期 = iso(step(1, 20));
      row.决定送达日期 = iso(step(0, 10));
      row.法制审核 = rand.chance(0.3) ? '是' : '否';
      row.结案日期 = iso(step(0, 10));
    } else if (caseType === '行政强制') {
      row.程序类型 = rand.chance(0.8) ? '行政强制措施' : '行政强制执行';
      row.案由 = `${cause}（查封扣押）`;
      row.违法行为代码 = code;
      row.发现日期 = iso(t);
      row.立案日期 = iso(step(0, 3));
      row.查封扣押日期 = iso(step(0, 2));
      if (rand.chance(0.2)) row.查封扣押延长日期 = iso(step(25, 29));
      row.决定日期 = iso(step(1, 20));
      row.决定送达日期 = iso(step(0, 3));
      row.解除日期 = iso(step(1, 10));
      if (rand.chance(0.2)) {
        row.催告日期 = iso(step(1, 10));
        row.强制执行日期 = iso(step(10, 20));
      }
      row.法制审核 = '是';
      row.集体讨论 = rand.chance(0.5) ? '是' : '否';
      row.结案日期 = iso(step(1, 15));
    } else {
      row.程序类型 = rand.pick(['日常检查', '专项检查', '双随机抽查']);
      row.案由 = `${u.field}${rand.pick(['日常监督检查', '专项检查', '双随机一公开抽查'])}`;
      row.发现日期 = iso(t);
      row.结案日期 = iso(step(1, 15));
    }
    row.卷宗文件 = `${u.name}/${year}/${caseNo}.pdf`;
    rows.push(row);
  }
  return rows;
}

const DATE_HEADERS = new Set(REGISTER_COLUMNS.filter((c) => c.kind === 'date').map((c) => c.header));
const AMOUNT_HEADERS = new Set(REGISTER_COLUMNS.filter((c) => c.kind === 'amount').map((c) => c.header));

export type DateStyle = 'iso' | 'slash' | 'dot' | 'chinese';

/** Rewrites the date cells in another accepted spelling (2024/3/5, 2024.3.5, 2024年3月5日). */
export function restyleDates(rows: readonly RegisterRowData[], style: DateStyle): RegisterRowData[] {
  return rows.map((r) => {
    const out = { ...r };
    for (const h of DATE_HEADERS) {
      const v = r[h];
      if (!v) continue;
      const [y, m, d] = v.split('-').map(Number);
      out[h] = style === 'slash' ? `${y}/${m}/${d}` : style === 'dot' ? `${y}.${m}.${d}` : style === 'chinese' ? `${y}年${m}月${d}日` : v;
    }
    return out;
  });
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export interface CsvOptions {
  /** Header order (default: the template order). Headers absent from a row give empty cells. */
  headers?: readonly string[];
  /** Rename headers on the way out (template column → header in the file), e.g. 案卷编号 → 案号. */
  rename?: Record<string, string>;
  lineEnding?: '\r\n' | '\n';
}

/** CSV text (RFC 4180 quoting; CRLF like Excel). */
export function registerToCsv(rows: readonly RegisterRowData[], opts: CsvOptions = {}): string {
  const headers = opts.headers ?? TEMPLATE_HEADERS;
  const eol = opts.lineEnding ?? '\r\n';
  const lines = [headers.map((h) => csvCell(opts.rename?.[h] ?? h)).join(',')];
  for (const r of rows) lines.push(headers.map((h) => csvCell(r[h] ?? '')).join(','));
  return lines.join(eol) + eol;
}

export type CsvFileEncoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030';

/** Encodes CSV text the way the different Excel "Save as CSV" options do. */
export function encodeCsv(text: string, encoding: CsvFileEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return iconv.encode(text, encoding);
}

export interface XlsxOptions {
  headers?: readonly string[];
  rename?: Record<string, string>;
  sheetName?: string;
  /** Write date columns as real Excel dates and amounts as numbers (default true). */
  typedCells?: boolean;
  /** Sheets placed before the register sheet (e.g. an 说明 sheet). */
  sheetsBefore?: { name: string; rows: string[][] }[];
}

/** An XLSX workbook with the register on one sheet (exceljs). */
export async function registerToXlsx(rows: readonly RegisterRowData[], opts: XlsxOptions = {}): Promise<Buffer> {
  const headers = opts.headers ?? TEMPLATE_HEADERS;
  const typed = opts.typedCells ?? true;
  const wb = new ExcelJS.Workbook();
  for (const s of opts.sheetsBefore ?? []) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  const ws = wb.addWorksheet(opts.sheetName ?? '案卷目录');
  ws.addRow(headers.map((h) => opts.rename?.[h] ?? h));
  headers.forEach((h, i) => {
    if (typed && DATE_HEADERS.has(h)) ws.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
  });
  for (const r of rows) {
    ws.addRow(
      headers.map((h) => {
        const v = r[h] ?? '';
        if (!v) return null;
        if (typed && DATE_HEADERS.has(h) && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
          const [y, m, d] = v.split('-').map(Number);
          return new Date(Date.UTC(y, m - 1, d));
        }
        if (typed && AMOUNT_HEADERS.has(h) && /^\d+(\.\d+)?$/.test(v)) return Number(v);
        return v;
      }),
    );
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
