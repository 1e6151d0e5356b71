/**
 * Pins the per-row outputs an import stores: the content key and its sha256 (stored as content_hash:
 * a change makes every re-imported row read as "changed"), the case-number sort key (stored as
 * case_no_sort: a change needs a migration) and the exact INSERT parameters. The expected digests
 * were computed with the code of 6 Dec 2026 before the per-row helpers were made cheaper; any
 * rewrite of those helpers must reproduce them exactly.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dossierInputFromParams, dossierRowParams, DOSSIER_ROW } from '../../db/repositories/dossiers';
import { contentHash } from '../../electron/core/import/rows';
import {
  caseNoSortKey,
  contentKey,
  resolveMapping,
  TEMPLATE_HEADERS,
  validateRegisterTable,
  type DossierInput,
  type RegisterTable,
} from '../../shared/domain/register';
import { mulberry32 } from '../../shared/domain/sampling';
import { generateRegisterRows, type RegisterRowData } from '../fixtures/registers';

const EXTRA_HEADERS = ['备注', '附件说明', 'Zeta', 'alpha', '案件来源'];
const HEADERS = [...TEMPLATE_HEADERS, ...EXTRA_HEADERS];

/** Rows the generator never makes: extras, odd case numbers, empty optional fields, lists, officers. */
const EDGE_ROWS: RegisterRowData[] = [
  { 案卷编号: '罚字〔２０２４〕０７号', 备注: '含"引号"和\\反斜杠', Zeta: 'z', alpha: 'a' },
  { 案卷编号: '罚字[2024]7号', 附件说明: '换行\n第二行', 案件来源: '投诉举报' },
  { 案卷编号: '罚字［2024］０００12号', 承办人: '张三、李四,王五', 执法证号: '001；002' },
  { 案卷编号: '罚字【2024】12号-b', 处罚种类: '警告、罚款，没收违法所得', 罚款金额: '1,234.50', 没收金额: '0' },
  { 案卷编号: 'abc（2024）x1号', 承办人: '赵六', 执法证号: '', 延期批准: '否', 法制审核: 'Y', 集体讨论: 'FALSE' },
  { 案卷编号: 'ｗｘ{2024}00000000000000000000000123号', 当事人类型: '个人', 证件号码: '11010519491231002x' },
  { 案卷编号: '  罚字｛2024｝9号  ', 程序类型: '一般程序', 卷宗文件: '../secret.pdf', 情节: '较重' },
  { 案卷编号: '罚字〔2024〕0号', 当事人: 'Emoji 😀 与 \u2028 分隔符', 联系电话: '\t010-1234 5678 ' },
  // A digit run longer than 99 digits: its length caps at 99.
  { 案卷编号: `${'9'.repeat(104)}号` },
  { 案卷编号: 'Ⅻ号ß〔2024〕ﬁ' },
];

const BASE_EDGE: RegisterRowData = {
  执法单位: '示例市综合行政执法局',
  案件类型: '行政处罚',
  案由: '测试案由',
  当事人: '某某公司',
  结案日期: '2024-06-30',
};

function tableOf(rows: readonly RegisterRowData[]): RegisterTable {
  return { headers: HEADERS, headerRow: 1, rows: rows.map((r, i) => ({ row: i + 2, cells: HEADERS.map((h) => r[h] ?? '') })) };
}

function validated(rows: readonly RegisterRowData[]): { record: DossierInput; raw: Record<string, string> }[] {
  const table = tableOf(rows);
  const res = validateRegisterTable(table, { file: 'pin.csv', mapping: resolveMapping(HEADERS), today: '2026-12-06' });
  expect(res.errors).toEqual([]);
  return res.rows;
}

function paramsOf(record: DossierInput, raw: Record<string, string>, i: number) {
  return dossierRowParams({
    id: `id-${i}`,
    campaignId: 'campaign-1',
    unitId: null,
    record,
    rawJson: JSON.stringify(raw),
    contentHash: contentHash(contentKey(record)),
    importId: 'import-1',
    now: '2026-12-06T06:00:00.000Z',
  });
}

function generated(): RegisterRowData[] {
  const out: RegisterRowData[] = [];
  for (const seed of [1, 20260101, 77]) {
    for (const r of generateRegisterRows({ seed, count: 150, units: ['示例市市场监督管理局', '示例市生态环境局', '示例市交通运输局', '示例市城市管理局'] })) {
      out.push({ ...r, 案卷编号: `${seed}-${r.案卷编号}`, ...(seed === 77 ? { 备注: `第${r.案卷编号}号备注`, alpha: 'x' } : {}) });
    }
  }
  return out;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('per-row import outputs (stored values must not change)', () => {
  const rows = validated([...generated(), ...EDGE_ROWS.map((r) => ({ ...BASE_EDGE, ...r }))]);
  const firstEdge = rows.length - EDGE_ROWS.length;

  it('content keys and their sha256 hashes are byte-for-byte the pinned ones', () => {
    expect(rows).toHaveLength(460);
    const keys = rows.map((r) => contentKey(r.record));
    expect(sha256(keys.join('\n'))).toBe('fdca9a0188401949b62d0ce06c4e703d3c202ec6dc38ec2d460e8d1c1958da2f');
    expect(sha256(keys.map(contentHash).join('\n'))).toBe('93bafade316ff4cf66803f488cbef58f86bcb1883972d12194df5bba7b1226e2');
    expect(contentHash(keys[0])).toBe('14c5d1cc614dcc448bfaf9382eb6e45ac34b8531bfcb9285b67b93655941223d');
    // Extras sorted by UTF-16 code unit, quotes and backslashes escaped as JSON.stringify does.
    expect(keys[firstEdge]).toBe(
      '[1,"罚字〔２０２４〕０７号","示例市综合行政执法局","行政处罚","测试案由","某某公司","2024-06-30",null,null,null,null,null,[],null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,[],null,null,null,null,null,null,null,[["Zeta","z"],["alpha","a"],["备注","含\\"引号\\"和\\\\反斜杠"]]]',
    );
    // An officer without a certificate number, booleans, empty lists.
    expect(keys[firstEdge + 4]).toBe(
      '[1,"abc（2024）x1号","示例市综合行政执法局","行政处罚","测试案由","某某公司","2024-06-30",null,null,null,null,null,[{"name":"赵六","certNo":null}],null,null,null,null,null,null,null,null,null,false,null,null,null,null,null,null,null,null,[],null,null,null,null,true,false,null,[]]',
    );
  });

  it('case-number sort keys are the pinned ones', () => {
    expect(sha256(rows.map((r) => caseNoSortKey(r.record.caseNo)).join('\n'))).toBe('11d1afcbbaaace87be334797e8aa357f7b63c40c0eda8c618adffeeae108a836');
    expect(EDGE_ROWS.map((r) => caseNoSortKey(r.案卷编号))).toEqual([
      '罚字〔042024〕017号',
      '罚字〔042024〕017号',
      '罚字〔042024〕0212号',
      '罚字〔042024〕0212号-B',
      'ABC〔042024〕X011号',
      'ＷＸ〔042024〕03123号',
      '罚字〔042024〕019号',
      '罚字〔042024〕010号',
      `99${'9'.repeat(104)}号`,
      'Ⅻ号SS〔042024〕FI',
    ]);
  });

  it('case-number sort keys of random spellings equal the regex-only key the stored ones were made with', () => {
    // caseNoSortKey as of migration 6 (only regex passes): the reference any faster path must match.
    const referenceKey = (caseNo: string) =>
      caseNo
        .trim()
        .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
        .replace(/[[［【(（{｛]/g, '〔')
        .replace(/[\]］】)）}｝]/g, '〕')
        .toUpperCase()
        .replace(/\d+/g, (run) => {
          const digits = run.replace(/^0+(?=\d)/, '');
          return String(Math.min(digits.length, 99)).padStart(2, '0') + digits;
        });
    const alphabet = [...'0123456789０１９aZzß ｗＷ罚字号第〔〕[]［］【】()（）{}｛｝-_/.、 \u3000\t'];
    const rand = mulberry32(17);
    for (let n = 0; n < 5000; n++) {
      let caseNo = '';
      for (let len = Math.floor(rand() * 16); len > 0; len--) caseNo += alphabet[Math.floor(rand() * alphabet.length)];
      expect(caseNoSortKey(caseNo), caseNo).toBe(referenceKey(caseNo));
    }
  });

  it('the INSERT parameters of every row are the pinned ones, and read back to the same record', () => {
    const params = rows.map((r, i) => paramsOf(r.record, r.raw, i));
    expect(sha256(JSON.stringify(params))).toBe('3984ea42efff7db04e0b1785534ccb7bbd1cdeea93faa3b80259039c840dee7e');
    // Lists and officers as JSON, booleans as 1/0, unit_id left for the writer, case_no_sort last.
    expect(params[firstEdge + 4]).toEqual([
      'id-454', 'campaign-1', null,
      'abc（2024）x1号', '行政处罚', null, null, '测试案由', '某某公司', null, null, null,
      '[{"name":"赵六","certNo":null}]',
      null, null, null, null, null, null, null, null, null, 0, null, null, null, null, null, null, null, null,
      '2024-06-30', '[]', null, null, null, null, 1, 0, null,
      '{"案卷编号":"abc（2024）x1号","执法单位":"示例市综合行政执法局","案件类型":"行政处罚","案由":"测试案由","当事人":"某某公司","结案日期":"2024-06-30","承办人":"赵六","延期批准":"否","法制审核":"Y","集体讨论":"FALSE"}',
      'a218cf980c495b8e94c752fa9c3888104a4dd5412f753954b968d72167379c1c',
      'import-1', '2026-12-06T06:00:00.000Z', '2026-12-06T06:00:00.000Z',
      'ABC〔042024〕X011号',
    ]);
    rows.forEach((r, i) => {
      expect(dossierInputFromParams(params[i], r.record.unitName, r.record.extra)).toEqual(r.record);
      expect(params[i][DOSSIER_ROW.caseNoSort]).toBe(caseNoSortKey(r.record.caseNo));
    });
  });
});
