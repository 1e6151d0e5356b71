import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, openWriterConnection } from '../../db/store';
import { useTempDir } from './temp';

const SYNCHRONOUS_FULL = 2;
const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts)$/.test(name) ? [p] : [];
  });
}

describe('store durability: an acknowledged save survives power loss', () => {
  const tempDir = useTempDir();

  it('opens the store with synchronous=FULL (every WAL commit is fsynced)', async () => {
    const path = join(tempDir(), 'store.sqlite');
    const store = await openStore(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(SYNCHRONOUS_FULL);
    store.close();
    const again = await openStore(path);
    expect(again.db.pragma('synchronous', { simple: true })).toBe(SYNCHRONOUS_FULL);
    again.close();
  });

  it("the import writer thread's connection is synchronous=FULL too", async () => {
    const path = join(tempDir(), 'store.sqlite');
    (await openStore(path)).close();
    const writer = openWriterConnection(path);
    expect(writer.pragma('synchronous', { simple: true })).toBe(SYNCHRONOUS_FULL);
    expect(writer.pragma('foreign_keys', { simple: true })).toBe(1);
    writer.close();
  });

  it('no program code opens a store connection except through db/store.ts', () => {
    const offenders = ['db', 'electron', 'bench', 'scripts']
      .flatMap((d) => sourceFiles(join(root, d)))
      .filter((f) => relative(root, f) !== join('db', 'store.ts'))
      .filter((f) => /new Database\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
    expect(readFileSync(join(root, 'electron/core/import/worker.ts'), 'utf8')).toContain('openWriterConnection(');
  });
});
