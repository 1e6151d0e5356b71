/**
 * The benchmark library in the store: import (read with the register reader → parse → one
 * transaction with its audit entry), list, items, remove. A file with any error stores nothing.
 */
import { benchmarkReads, benchmarkRepository, type BenchmarkItem } from '../../../db/repositories/benchmarks';
import { newId, nowIso } from '../../../db/util';
import type { BenchmarkDoc, BenchmarkImportResult } from '../../../shared/api/namespaces/benchmarks';
import { parseBenchmarkTable } from '../../../shared/domain/benchmarks';
import { AppError } from '../../../shared/errors';
import { notFound, type CoreContext } from '../context';
import { readRegisterFile } from '../import';

export interface BenchmarkImportInput {
  name: string;
  dataBase64: string;
  sheet?: string;
  issuer: string;
  title: string;
  docNo?: string;
  region?: string;
  sector?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  isExample: boolean;
}

/** The library over one store: its statements are prepared once, when the handlers are built. */
export function benchmarkLibrary(ctx: CoreContext) {
  const reads = benchmarkReads(ctx.read);
  const repo = benchmarkRepository(ctx.db);

  const importTable = async (input: BenchmarkImportInput, actor: string): Promise<BenchmarkImportResult> => {
    const bytes = Buffer.from(input.dataBase64, 'base64');
    const file = await readRegisterFile({ name: input.name, bytes }, { sheet: input.sheet ?? null });
    if (file.errors.length) return { doc: null, rows: 0, errors: file.errors };
    const parsed = parseBenchmarkTable(file, input.name);
    if (parsed.errors.length) return { doc: null, rows: parsed.rows, errors: parsed.errors };

    const docId = newId();
    const isExample = input.isExample || /示例|example/i.test(input.name) || /示例/.test(input.title);
    ctx.tx(() => {
      repo.insert(
        {
          id: docId,
          issuer: input.issuer,
          docNo: input.docNo || null,
          title: input.title,
          region: input.region || null,
          sector: input.sector || null,
          effectiveFrom: input.effectiveFrom ?? null,
          effectiveTo: input.effectiveTo ?? null,
          isExample,
          createdAt: nowIso(),
        },
        parsed.items,
      );
      ctx.audit({
        actor,
        action: 'import_benchmarks',
        entity: 'benchmark_doc',
        entityId: docId,
        after: { file: input.name, title: input.title, issuer: input.issuer, items: parsed.items.length, rows: parsed.rows, isExample, sha256: file.sha256 },
      });
    });
    return { doc: reads.get(docId)!, rows: parsed.rows, errors: [] };
  };

  return {
    import: importTable,
    list: (): BenchmarkDoc[] => reads.list(),
    items: (docId: string): BenchmarkItem[] => {
      if (!reads.get(docId)) throw notFound('裁量基准', docId);
      return reads.items(docId);
    },
    remove: (docId: string, actor: string): { docId: string } =>
      ctx.tx(() => {
        const before = repo.get(docId);
        if (!before) throw notFound('裁量基准', docId);
        if (repo.remove(docId) !== 1) throw new AppError('internal', '删除裁量基准失败。');
        ctx.audit({ actor, action: 'remove_benchmarks', entity: 'benchmark_doc', entityId: docId, before });
        return { docId };
      }),
  };
}
