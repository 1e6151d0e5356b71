import type { Handlers } from '../../../shared/api/contract';
import { benchmarkLibrary } from '../benchmarks';
import type { CoreContext } from '../context';

export function benchmarkHandlers(ctx: CoreContext): Handlers['benchmarks'] {
  const library = benchmarkLibrary(ctx);
  return {
    import: (input, call) => library.import(input, call.actor),
    list: () => library.list(),
    items: ({ docId }) => library.items(docId),
    remove: ({ docId }, call) => library.remove(docId, call.actor),
  };
}
