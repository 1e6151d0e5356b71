/** The shell: header, left navigation, health banner, the current screen, toasts. */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { APP_NAME } from '../shared/app-info';
import { currentConnection, forgetToken, onUnauthorized } from './api';
import { Toasts } from './components/Toasts';
import { AuditGapDialog } from './components/AuditGapDialog';
import { OcrProgress } from './components/ocr/OcrProgress';
import { WhoAmI } from './components/WhoAmI';
import { DEFAULT_ROUTE, parseRoute, ROUTES, routeHref, type RouteId } from './router';
import { CampaignsScreen } from './screens/CampaignsScreen';
import { NoConnection } from './screens/NoConnection';
import { DossiersScreen } from './screens/DossiersScreen';
import { StatsScreen } from './screens/StatsScreen';
import { ReviewScreen } from './screens/ReviewScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { ConsensusScreen } from './screens/ConsensusScreen';
import { ResultsScreen } from './screens/ResultsScreen';
import { useAppStore } from './stores/app';
import { selectCurrentCampaign, useCampaignsStore } from './stores/campaigns';

const SCREENS: Record<RouteId, () => ReactElement> = {
  campaigns: CampaignsScreen,
  dossiers: DossiersScreen,
  review: ReviewScreen,
  stats: StatsScreen,
  settings: SettingsScreen,
  consensus: ConsensusScreen,
  results: ResultsScreen,
};

export function App() {
  const unauthorized = useAppStore((s) => s.unauthorized);
  const hasConnection = currentConnection().kind !== 'none';
  if (!hasConnection || unauthorized) return <NoConnection rejected={unauthorized} />;
  return <Shell />;
}

function Shell() {
  const route = useAppStore((s) => s.route);
  const setRoute = useAppStore((s) => s.setRoute);
  const setUnauthorized = useAppStore((s) => s.setUnauthorized);
  const info = useAppStore((s) => s.info);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const loadCampaigns = useCampaignsStore((s) => s.load);
  const campaign = useCampaignsStore(selectCurrentCampaign);
  const mainRef = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  useEffect(() => {
    const off = onUnauthorized(() => {
      forgetToken();
      setUnauthorized(true);
    });
    void loadInfo();
    void loadCampaigns();
    return off;
  }, [loadInfo, loadCampaigns, setUnauthorized]);

  // Hash router.
  useEffect(() => {
    if (!window.location.hash) window.history.replaceState(null, '', routeHref(DEFAULT_ROUTE));
    const sync = () => setRoute(parseRoute(window.location.hash));
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [setRoute]);

  // Alt+1..5 switch sections (not while a dialog is open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const n = Number(e.code.startsWith('Digit') ? e.code.slice(5) : Number.NaN);
      if (!(n >= 1 && n <= ROUTES.length)) return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      window.location.hash = `/${ROUTES[n - 1].id}`;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Move focus to the new screen so keyboard and screen-reader users land in it.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    document.title = `${ROUTES.find((r) => r.id === route)?.label ?? ''} - 案卷评查`;
  }, [route]);

  const Screen = SCREENS[route];
  const damaged = info && !info.health.ok;
  const auditGap = info?.auditGap ?? null;
  // The gap dialog opens by itself once per start; the banner reopens it.
  const [gapDialogOpen, setGapDialogOpen] = useState(true);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        跳到主要内容
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            评
          </span>
          <span className="brand-name">{APP_NAME}</span>
        </div>
        <OcrProgress />
        <div className="current-campaign" data-testid="current-campaign">
          <span className="current-label">当前评查活动</span>
          {campaign ? (
            <span className="current-name" title={campaign.name}>
              {campaign.name}
              <span className="current-year">（{campaign.year} 年度）</span>
            </span>
          ) : (
            <a className="current-none" href={routeHref('campaigns')}>
              未选择
            </a>
          )}
        </div>
        <WhoAmI />
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label="主导航">
          <ul>
            {ROUTES.map((r, i) => (
              <li key={r.id}>
                <a href={routeHref(r.id)} className={route === r.id ? 'active' : undefined} aria-current={route === r.id ? 'page' : undefined} title={`${r.hint}（Alt+${i + 1}）`}>
                  <span className="nav-label">{r.label}</span>
                  <kbd className="nav-key" aria-hidden="true">
                    Alt+{i + 1}
                  </kbd>
                </a>
              </li>
            ))}
          </ul>
          <div className="nav-footer muted">数据仅保存在本机</div>
        </nav>
        <main id="main" className="app-main" ref={mainRef} tabIndex={-1}>
          {damaged && auditGap ? (
            <div className="banner banner-error banner-persistent" role="alert" data-testid="health-banner">
              <strong>审计日志有问题，确认前暂停一切修改。</strong>
              <button type="button" className="button small" onClick={() => setGapDialogOpen(true)}>
                查看并确认…
              </button>
            </div>
          ) : damaged ? (
            <div className="banner banner-error banner-persistent" role="alert" data-testid="health-banner">
              <strong>数据库已损坏，当前为只读状态。</strong>
              {info.health.message}
            </div>
          ) : null}
          <Screen />
        </main>
      </div>
      <Toasts />
      {auditGap && gapDialogOpen ? <AuditGapDialog gap={auditGap} onClose={() => setGapDialogOpen(false)} onAcknowledged={loadInfo} /> : null}
    </div>
  );
}
