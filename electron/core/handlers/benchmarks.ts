import type { Handlers } from '../../../shared/api/contract';
import { benchmarkItems, importBenchmarkTable, listBenchmarkDocs, removeBenchmarkDoc } from '../benchmarks';
import type { CoreContext } from '../context';

export function benchmarkHandlers(ctx: CoreContext): Handlers['benchmarks'] {
  return {
    import: (input, call) => importBenchmarkTable(ctx, input, call.actor),
    list: () => listBenchmarkDocs(ctx.db),
    items: ({ docId }) => benchmarkItems(ctx.db, docId),
    remove: ({ docId }, call) => removeBenchmarkDoc(ctx, docId, call.actor),
  };
}
