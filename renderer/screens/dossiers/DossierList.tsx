/** 案卷列表: server-side paging, filter and sort; rows virtualised and fetched page by page as they scroll into view. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CASE_TYPES } from '../../../shared/domain/register/columns';
import type { DossierSort, DossierSummary } from '../../../shared/api/namespaces/dossiers';
import type { Unit } from '../../../shared/api/namespaces/units';
import { errorMessage, getApi } from '../../api';
import { fen } from '../../components/ui';

const PAGE = 200;
const ROW_H = 36;

const COLUMNS: { key: string; label: string; sort?: string; className?: string }[] = [
  { key: 'caseNo', label: '案卷编号', sort: 'caseNo' },
  { key: 'unit', label: '执法单位', sort: 'unit' },
  { key: 'caseType', label: '案件类型' },
  { key: 'party', label: '当事人', sort: 'party' },
  { key: 'dateClosed', label: '结案日期', sort: 'dateClosed' },
  { key: 'fine', label: '罚款（元）', sort: 'fine', className: 'num' },
  { key: 'file', label: '卷宗 PDF' },
];
// The stylesheet's grid has six columns; the 卷宗 PDF column adds a seventh.
const GRID = { gridTemplateColumns: '200px minmax(140px, 1.4fr) 90px minmax(120px, 1fr) 100px 100px 96px' };

/** 卷宗 PDF cell: attached files and pages, or whether the register names a file not attached yet. */
function AttachmentCell({ d }: { d: DossierSummary }) {
  if (d.fileCount > 0) {
    const title = `已导入 ${d.fileCount} 个 PDF，共 ${d.pageCount} 页`;
    return (
      <div role="cell" className="vcell" title={title} data-testid="attachment-cell">
        <span style={{ color: "var(--success)" }}>✓ {d.pageCount} 页</span>
        {d.fileCount > 1 ? <span className="muted small-text">（{d.fileCount} 份）</span> : null}
      </div>
    );
  }
  return (
    <div role="cell" className="vcell muted" title={d.fileRef ? `登记表中的卷宗文件：${d.fileRef}（尚未导入）` : '尚未导入卷宗 PDF'} data-testid="attachment-cell">
      未导入
    </div>
  );
}

interface Filters {
  unitId: string;
  caseType: string;
  search: string;
  sort: DossierSort;
}

export function DossierList({ campaignId, units, reloadKey }: { campaignId: string; units: Unit[]; reloadKey: number }) {
  const [filters, setFilters] = useState<Filters>({ unitId: '', caseType: '', search: '', sort: 'caseNo' });
  const [searchText, setSearchText] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pages = useRef(new Map<number, DossierSummary[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const [, bump] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Debounced search.
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.search === searchText.trim() ? f : { ...f, search: searchText.trim() })), 300);
    return () => clearTimeout(t);
  }, [searchText]);

  const fetchPage = useCallback(
    async (page: number, gen: number) => {
      if (pages.current.has(page) || pending.current.has(page)) return;
      pending.current.add(page);
      try {
        const res = await getApi().dossiers.list({
          campaignId,
          unitId: filters.unitId || undefined,
          caseType: (filters.caseType || undefined) as (typeof CASE_TYPES)[number] | undefined,
          search: filters.search || undefined,
          sort: filters.sort,
          offset: page * PAGE,
          limit: PAGE,
        });
        if (gen !== generation.current) return;
        pages.current.set(page, res.items);
        setTotal(res.total);
        setError(null);
        bump((n) => n + 1);
      } catch (err) {
        if (gen === generation.current) setError(errorMessage(err));
      } finally {
        pending.current.delete(page);
      }
    },
    [campaignId, filters],
  );

  // New filter / sort / campaign / data: start over from the top.
  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Set();
    setTotal(null);
    scrollRef.current?.scrollTo({ top: 0 });
    void fetchPage(0, generation.current);
  }, [fetchPage, reloadKey]);

  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total === null) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) void fetchPage(p, generation.current);
  }, [first, last, total, fetchPage]);

  const rowAt = (i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];

  const toggleSort = (key: string) => {
    setFilters((f) => ({ ...f, sort: (f.sort === key ? `-${key}` : key) as DossierSort }));
  };

  return (
    <div className="dossier-list">
      <div className="toolbar" role="search">
        <label className="toolbar-field">
          <span>执法单位</span>
          <select value={filters.unitId} onChange={(e) => setFilters((f) => ({ ...f, unitId: e.target.value }))} aria-label="按执法单位筛选">
            <option value="">全部单位</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field">
          <span>案件类型</span>
          <select value={filters.caseType} onChange={(e) => setFilters((f) => ({ ...f, caseType: e.target.value }))} aria-label="按案件类型筛选">
            <option value="">全部类型</option>
            {CASE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="toolbar-field toolbar-grow">
          <span>搜索</span>
          <input type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} placeholder="案卷编号或当事人" aria-label="搜索案卷编号或当事人" />
        </label>
        <span className="toolbar-count" data-testid="dossier-count" aria-live="polite">
          {total === null ? '正在加载…' : `共 ${total.toLocaleString('zh-CN')} 件`}
        </span>
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          加载案卷失败：{error}
        </div>
      ) : null}
      <div className="vtable" role="table" aria-label="案卷列表" aria-rowcount={count + 1}>
        <div className="vbody" ref={scrollRef} tabIndex={0} aria-label="案卷列表内容（可用方向键滚动）">
        <div className="vrow vhead" role="row" style={GRID}>
            {COLUMNS.map((c) => {
              const active = c.sort && (filters.sort === c.sort || filters.sort === `-${c.sort}`);
              const desc = filters.sort === `-${c.sort}`;
              return (
                <div key={c.key} role="columnheader" className={`vcell ${c.className ?? ''}`} aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}>
                  {c.sort ? (
                    <button type="button" className="sort-button" onClick={() => toggleSort(c.sort!)} title={c.sort === 'caseNo' ? '点击排序（按编号中的数字自然排序：2号在10号之前）' : '点击排序'}>
                      {c.label}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (desc ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </div>
              );
            })}
          </div>
          {total === 0 ? <div className="vempty muted">没有符合条件的案卷。</div> : null}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const d = rowAt(v.index);
              return (
                <div key={v.key} role="row" aria-rowindex={v.index + 2} className="vrow" style={{ ...GRID, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_H, transform: `translateY(${v.start}px)` }}>
                  {d ? (
                    <>
                      <div role="cell" className="vcell mono">{d.caseNo}</div>
                      <div role="cell" className="vcell" title={d.unitName}>{d.unitName}</div>
                      <div role="cell" className="vcell">{d.caseType}</div>
                      <div role="cell" className="vcell" title={d.party}>{d.party}</div>
                      <div role="cell" className="vcell">{d.dateClosed}</div>
                      <div role="cell" className="vcell num">{fen(d.fineFen)}</div>
                      <AttachmentCell d={d} />
                    </>
                  ) : (
                    <div role="cell" className="vcell muted">…</div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
