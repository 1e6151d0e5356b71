/** A tiny hash router: #/campaigns, #/dossiers, … (hash routes work from http:// and file:// alike). */
export const ROUTES = [
  { id: 'campaigns', label: '评查活动', hint: '新建和管理评查活动' },
  { id: 'dossiers', label: '案卷', hint: '案卷登记与抽取' },
  { id: 'review', label: '评查', hint: '逐卷评查打分' },
  { id: 'stats', label: '统计与导出', hint: '汇总统计与报告导出' },
  { id: 'settings', label: '设置', hint: '程序与数据库信息' },
  { id: 'consensus', label: '合议与复核', hint: '交叉评查对照、合议、复核与异议' },
  { id: 'results', label: '成果汇总', hint: '导入评查组成果包、合并与处理冲突（法制机构）' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

export const DEFAULT_ROUTE: RouteId = 'campaigns';

export function parseRoute(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES.find((r) => r.id === id)?.id ?? DEFAULT_ROUTE) as RouteId;
}

export function routeHref(id: RouteId): string {
  return `#/${id}`;
}

export function navigate(id: RouteId): void {
  if (parseRoute(window.location.hash) === id && window.location.hash) return;
  window.location.hash = `/${id}`;
}
