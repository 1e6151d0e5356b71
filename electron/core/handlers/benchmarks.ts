import { asUpload, MB } from '../chosen-file';
import type { Handlers } from '../../../shared/api/contract';
import { benchmarkLibrary } from '../benchmarks';
import type { CoreContext } from '../context';

export function benchmarkHandlers(ctx: CoreContext): Handlers['benchmarks'] {
  const library = benchmarkLibrary(ctx);
  return {
    import: async (input, call) => {
      const file = input.path !== undefined ? await asUpload({ path: input.path }, call, '裁量基准表', 30 * MB) : { name: input.name!, dataBase64: input.dataBase64! };
      return library.import({ ...input, ...file }, call.actor);
    },
    list: () => library.list(),
    items: ({ docId }) => library.items(docId),
    remove: ({ docId }, call) => library.remove(docId, call.actor),
  };
}
