import { dossierRepository } from '../../../db/repositories/dossiers';
import type { Handlers } from '../../../shared/api/contract';
import { notFound, type CoreContext } from '../context';

export function dossierHandlers(ctx: CoreContext): Handlers['dossiers'] {
  const repo = dossierRepository(ctx.db);
  return {
    list: (q) => repo.list(q),
    get: ({ id }) => {
      const d = repo.get(id);
      if (!d) throw notFound('案卷', id);
      return d;
    },
  };
}
