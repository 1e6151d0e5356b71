/**
 * The application core: every API method implemented over the store. Runs under plain Node (the
 * loopback host, the CLI, tests) and inside Electron's main process alike; it never imports electron.
 */
import { openStore, storeFailure, type Store, type StoreHealth } from '../../db/store';
import { contract, type Handlers } from '../../shared/api/contract';
import { createDispatcher, type CallContext, type Dispatch } from '../../shared/api/define';
import { APP_NAME, APP_VERSION } from '../../shared/app-info';
import { createCoreContext, type CoreContext } from './context';
import { campaignHandlers } from './handlers/campaigns';
import { checkHandlers } from './handlers/checks';
import { benchmarkHandlers } from './handlers/benchmarks';
import { dossierHandlers } from './handlers/dossiers';
import { registerHandlers } from './handlers/registers';
import { unitHandlers } from './handlers/units';
import { fileHandlers } from './handlers/files';
import { samplingHandlers } from './handlers/sampling';
import { assignmentHandlers } from './handlers/assignments';
import { reviewerHandlers } from './handlers/reviewers';
import { templateHandlers } from './handlers/templates';
import { reviewHandlers } from './handlers/reviews';
import { demoHandlers } from './handlers/demo';
import { exportHandlers } from './handlers/exports';
import { reportHandlers } from './handlers/reports';
import { noticeHandlers } from './handlers/notices';
import { auditHandlers } from './handlers/audit';
import { agreementHandlers } from './handlers/agreement';
import { ruleSettingHandlers } from './handlers/rule-settings';
import { consensusHandlers } from './handlers/consensus';
import { campaignPackageHandlers } from './handlers/campaign-packages';
import { sessionHandlers } from './handlers/session';
import { sessionResolver } from './session';
import { resultsHandlers } from './handlers/results';
import { stopOcr } from './ocr/service';
import { AppError } from '../../shared/errors';
import { lazyNamespaces } from './lazy-handlers';

export interface Core {
  store: Store;
  context: CoreContext;
  handlers: Handlers;
  dispatch: Dispatch;
  /** The store's health, or, while an audit gap found at start is unacknowledged, that gap: writes are refused either way. */
  health(): StoreHealth;
  /**
   * Closes the store at once (the final signed head is written first); the promise resolves when
   * no background head write is left, so a caller may then remove the folder safely.
   */
  close(): Promise<void>;
}

/**
 * A store too damaged even to prepare the queries (e.g. truncated): system.info reports the damage,
 * every other method answers with it, so the app still opens and says what is wrong.
 */
function unavailableHandlers(info: Handlers['system']['info'], message: string): Handlers {
  const refuse = () => {
    throw new AppError('store_damaged', message);
  };
  const namespaces = Object.fromEntries(Object.entries(contract).map(([ns, methods]) => [ns, Object.fromEntries(Object.keys(methods).map((m) => [m, refuse]))]));
  return { ...namespaces, system: { ...namespaces.system, info } } as Handlers;
}

export function createCore(store: Store): Core {
  const ctx = createCoreContext(store, APP_VERSION);
  try {
    ctx.auditHead.checkAtStart();
  } catch (err) {
    // The head file could not be written (e.g. a full disk): the store still opens; the next change retries.
    console.error('[audit] 无法检查或写入签名链头：', err);
  }
  const health = (): StoreHealth => {
    const gap = ctx.auditHead.gap();
    return gap && store.health.ok ? { ok: false, message: gap.message } : store.health;
  };
  const info: Handlers['system']['info'] = () => ({
    appName: APP_NAME,
    appVersion: APP_VERSION,
    schemaVersion: store.schemaVersion,
    storePath: store.path,
    storeId: store.storeId,
    health: health(),
    auditGap: ctx.auditHead.gap(),
  });
  let handlers: Handlers;
  try {
    handlers = allHandlers(ctx, info);
  } catch (err) {
    if (store.health.ok || !store.health.message) throw err;
    handlers = unavailableHandlers(info, store.health.message);
  }
  const inner = createDispatcher(contract, handlers, {
    // Only the acknowledgement itself may write while an audit gap waits for it.
    writeBlocked: (method) => {
      if (!store.health.ok) return store.health.message;
      return method === 'audit.acknowledgeGap' ? null : health().message;
    },
    explainError: (err) => storeFailure(err, store.path),
    onInternalError: (method, err) => console.error(`[core] ${method} failed:`, err),
    onJobStarted: (jobId, check) => ctx.jobs.checkResult(jobId, check),
  });
  // Who is at the keyboard: every call's reviewer and actor come from its session (electron/core/session).
  let resolveCall: (call: CallContext) => CallContext = ({ reviewer: _dropped, ...call }) => call;
  try {
    resolveCall = sessionResolver(ctx);
  } catch (err) {
    if (store.health.ok) throw err;
  }
  const dispatch: Dispatch = (method, input, call) => {
    let resolved: CallContext;
    try {
      resolved = resolveCall(call);
    } catch (err) {
      const { reviewer: _dropped, ...base } = call;
      resolved = base; // a store that cannot be read answers through the dispatcher, which explains it
      console.error('[core] session lookup failed:', err);
    }
    return inner(method, input, resolved);
  };
  return { store, context: ctx, handlers, dispatch, health, close: () => {
    void stopOcr(ctx);
    // The store's beforeClose hook writes the final head; a write still in flight drops its result.
    store.close();
    return ctx.auditHead.settled();
  } };
}

/**
 * Every namespace's handlers. A namespace given as a function is built on its first call (see
 * lazyNamespaces): building them all prepared ~520 statements on every start, most of which a CLI
 * command or a session never uses.
 */
function allHandlers(ctx: CoreContext, info: Handlers['system']['info']): Handlers {
  return lazyNamespaces(ctx, {
    system: {
      info,
      identity: () => {
        const id = ctx.identity();
        return { fingerprint: id.fingerprint, publicKey: id.publicKeyRaw.toString('hex'), keyFolder: ctx.identityDir };
      },
    },
    campaigns: () => campaignHandlers(ctx),
    checks: () => checkHandlers(ctx),
    benchmarks: () => benchmarkHandlers(ctx),
    registers: () => registerHandlers(ctx), dossiers: () => dossierHandlers(ctx), units: () => unitHandlers(ctx),
    reviewers: () => reviewerHandlers(ctx),
    files: () => fileHandlers(ctx),
    sampling: () => samplingHandlers(ctx),
    assignments: () => assignmentHandlers(ctx),
    templates: () => templateHandlers(ctx), reviews: () => reviewHandlers(ctx),
    demo: () => demoHandlers(ctx),
    exports: () => exportHandlers(ctx),
    reports: () => reportHandlers(ctx), notices: () => noticeHandlers(ctx),
    agreement: () => agreementHandlers(ctx),
    consensus: () => consensusHandlers(ctx),
    session: () => sessionHandlers(ctx),
    audit: () => auditHandlers(ctx),
    results: () => resultsHandlers(ctx),
    jobs: {
      get: ({ id }) => ctx.jobs.get(id),
      list: () => ctx.jobs.list(),
      cancel: ({ id }) => ctx.jobs.cancel(id),
    },
    ruleSettings: ruleSettingHandlers(ctx),
    campaignPackages: campaignPackageHandlers(ctx),
  });
}

export async function openCore(dbPath: string): Promise<Core> {
  return createCore(await openStore(dbPath));
}

export type { CallContext };
