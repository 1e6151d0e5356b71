/**
 * Handler namespaces built when first used, not when the core opens. A namespace's factory prepares
 * its SQL statements (reviews ~80, checks ~75, notices ~50 …): building all of them cost every CLI
 * command and every app start tens of milliseconds, for the one or two namespaces it then calls.
 */
import type { Handlers } from '../../shared/api/contract';
import { AppError } from '../../shared/errors';
import type { CoreContext } from './context';

/** Each namespace either built already or as a factory to run on first use. */
export type NamespaceSources = { [K in keyof Handlers]: Handlers[K] | (() => Handlers[K]) };

/**
 * The handlers object with a getter per lazily built namespace (cached once built). A store too
 * damaged to prepare a namespace's queries answers that namespace's calls with the damage, as
 * createCore's unavailableHandlers does when the eager part fails.
 */
export function lazyNamespaces(ctx: CoreContext, sources: NamespaceSources): Handlers {
  const handlers = {} as Record<string, unknown>;
  for (const [ns, source] of Object.entries(sources)) {
    if (typeof source !== 'function') {
      handlers[ns] = source;
      continue;
    }
    let built: unknown;
    Object.defineProperty(handlers, ns, {
      enumerable: true,
      get() {
        if (built) return built;
        try {
          built = (source as () => unknown)();
        } catch (err) {
          const health = ctx.store.health;
          if (!health.ok && health.message) throw new AppError('store_damaged', health.message);
          throw err;
        }
        return built;
      },
    });
  }
  return handlers as Handlers;
}
