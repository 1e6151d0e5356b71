/**
 * The import boundaries in eslint.config.mjs, run through ESLint on small snippets placed (by file
 * path only) in each folder: each rule must fire where the architecture forbids the import and stay
 * quiet where it allows it, so a config change cannot switch a boundary off unnoticed.
 */
import { ESLint } from 'eslint';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The boundary messages ESLint reports for `code` as if it were the file at `path`. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'the snippet parses').toEqual([]);
  return result!.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

/** Each entry: a file path, an import in it, and a phrase of the message that must (or must not) appear. */
type Case = [path: string, code: string];

async function expectForbidden([path, code]: Case, phrase: string) {
  const errors = await boundaryErrors(path, code);
  expect(errors.some((m) => m.includes(phrase)), `${path}: ${code} → ${JSON.stringify(errors)}`).toBe(true);
}

async function expectAllowed([path, code]: Case) {
  expect(await boundaryErrors(path, code), `${path}: ${code}`).toEqual([]);
}

describe('import boundaries (eslint.config.mjs)', () => {
  it('SQL is prepared only in db/ (and the import writer thread)', async () => {
    const sql = "declare const db: { prepare(s: string): unknown };\nexport const q = db.prepare('SELECT 1');";
    await expectForbidden(['electron/core/handlers/x.ts', sql], 'SQL belongs in db/');
    await expectForbidden(['electron/core/checks/x.ts', sql], 'SQL belongs in db/');
    await expectForbidden(['electron/main.ts', sql], 'SQL belongs in db/');
    await expectAllowed(['db/repositories/x.ts', sql]);
    await expectAllowed(['electron/core/import/writer.ts', sql]);
  });

  it('renderer/ imports neither db/ nor electron/', async () => {
    await expectForbidden(['renderer/screens/Some.tsx', "import { openStore } from '../../db/store';"], 'db/ belongs to the core');
    await expectForbidden(['renderer/App.tsx', "export { x } from '../db/repositories/units';"], 'db/ belongs to the core');
    await expectForbidden(['renderer/screens/Some.tsx', "import type { Ctx } from '../../electron/core/context';"], 'electron/ is the core and the shell');
    await expectForbidden(['renderer/stores/some.ts', "const m = await import('../../electron/core/context');"], 'electron/ is the core and the shell');
    await expectAllowed(['renderer/screens/Some.tsx', "import { Api } from '../../shared/api';\nimport { useState } from 'react';"]);
  });

  it('shared/ imports nothing from db/, electron/ or renderer/, and no Node built-ins', async () => {
    await expectForbidden(['shared/domain/x.ts', "import { openStore } from '../../db/store';"], 'db/ belongs to the core');
    await expectForbidden(['shared/domain/rules/x.ts', "import { ctx } from '../../../electron/core/context';"], 'electron/ is the core and the shell');
    await expectForbidden(['shared/api/x.ts', "import { getApi } from '../../renderer/api';"], 'renderer/ is the screen');
    for (const builtin of ['node:fs', 'fs', 'fs/promises', 'path', 'node:path', 'crypto', 'os', 'worker_threads']) {
      await expectForbidden(['shared/domain/x.ts', `import * as m from '${builtin}';`], 'no Node built-ins');
    }
    await expectForbidden(['shared/domain/x.ts', "export type P = typeof import('node:path');"], 'no Node built-ins');
    await expectAllowed(['shared/domain/x.ts', "import { z } from 'zod';\nimport { AppError } from '../errors';\nimport { fsLike } from './fs';"]);
  });

  it('db/ imports neither electron/ nor renderer/', async () => {
    await expectForbidden(['db/repositories/x.ts', "import type { Ctx } from '../../electron/core/context';"], 'electron/ is the core and the shell');
    await expectForbidden(['db/store.ts', "import { getApi } from '../renderer/api';"], 'renderer/ is the screen');
    await expectAllowed(['db/repositories/x.ts', "import type Database from 'better-sqlite3';\nimport { AppError } from '../../shared/errors';\nimport { readFileSync } from 'node:fs';"]);
  });

  it('the electron package is imported only by the shell: electron/main.ts, electron/preload.ts, electron/shell/', async () => {
    const electron = "import { app } from 'electron';";
    for (const path of ['electron/core/context.ts', 'electron/host/server.ts', 'electron/cli/main.ts', 'db/store.ts', 'renderer/App.tsx', 'shared/app-info.ts']) {
      await expectForbidden([path, electron], 'belongs to the shell');
    }
    await expectForbidden(['electron/core/x.ts', "const { app } = await import('electron');"], 'belongs to the shell');
    await expectForbidden(['electron/core/x.ts', "const { app } = require('electron');"], 'belongs to the shell');
    for (const path of ['electron/main.ts', 'electron/preload.ts', 'electron/shell/menu.ts']) await expectAllowed([path, electron]);
  });

  it('better-sqlite3 is imported only in db/ and the register import’s writer thread', async () => {
    const sqlite = "import Database from 'better-sqlite3';";
    for (const path of ['electron/core/checks/run.ts', 'electron/host/server.ts', 'electron/main.ts', 'electron/shell/menu.ts', 'renderer/App.tsx', 'shared/app-info.ts']) {
      await expectForbidden([path, sqlite], 'better-sqlite3 belongs to db/');
    }
    await expectForbidden(['electron/core/ocr/queue.ts', "import type Database from 'better-sqlite3';"], 'better-sqlite3 belongs to db/');
    await expectForbidden(['electron/core/x.ts', "const Database = require('better-sqlite3');"], 'better-sqlite3 belongs to db/');
    for (const path of ['db/store.ts', 'db/repositories/units.ts', 'electron/core/import/writer.ts', 'electron/core/import/worker.ts']) await expectAllowed([path, sqlite]);
  });
});
