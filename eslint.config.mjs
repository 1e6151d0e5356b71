// ESLint: the import boundaries that docs/ARCHITECTURE.md promises, checked by machine, plus
// typescript-eslint's recommended rules. No type-aware rules: the lint stays a few seconds.
// typescript-eslint comes through tools/eslint (it needs TypeScript 6's compiler API: tools/eslint/README.md).
import { builtinModules } from 'node:module';
import { globals, tseslint } from 'dossier-review-lint';
import reactHooks from 'eslint-plugin-react-hooks';

/** An import specifier that climbs (`../`) into one of the repository's top-level folders. */
const folder = (name, message) => ({ regex: `^(\\.\\./)+${name}(/|$)`, message });
/** A package, or a path inside it. */
const pkg = (name, message) => ({ regex: `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`, message });

const forbid = {
  db: folder('db', 'db/ belongs to the core: reach the data through the API (shared/api), not the store.'),
  electronFolder: folder('electron', 'electron/ is the core and the shell: only the API contract (shared/api) crosses to this side.'),
  renderer: folder('renderer', 'renderer/ is the screen: nothing below it may depend on it.'),
  electron: pkg('electron', 'The electron package belongs to the shell: electron/main.ts, electron/preload.ts and electron/shell/ only.'),
  sqlite: pkg('better-sqlite3', 'better-sqlite3 belongs to db/ (and the register import\'s writer thread): use a repository in db/.'),
  nodeBuiltins: {
    regex: `^(node:|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/|$))`,
    message: 'shared/ runs in the browser and in Node: no Node built-ins (pass what is needed in from the core).',
  },
};

/** SQL lives in db/ (repositories); the core and the shell call them. The import writer thread keeps its own connection and statements. */
const sqlOnlyInDb = {
  selector: 'CallExpression[callee.property.name="prepare"]',
  message: 'SQL belongs in db/: add the statement to a repository in db/repositories and call that.',
};

const shellEntryPoints = ['electron/main.ts', 'electron/preload.ts', 'electron/shell/**'];
const sqliteThreads = ['electron/core/import/writer.ts', 'electron/core/import/worker.ts'];

/**
 * Who may not import what. Flat config replaces (not merges) a rule's options when two entries match
 * one file, so the groups do not overlap and each lists everything its files may not import.
 */
const boundaries = [
  { files: ['shared/**'], forbid: [forbid.db, forbid.electronFolder, forbid.renderer, forbid.nodeBuiltins, forbid.electron, forbid.sqlite] },
  { files: ['renderer/**'], forbid: [forbid.db, forbid.electronFolder, forbid.electron, forbid.sqlite] },
  { files: ['db/**'], forbid: [forbid.electronFolder, forbid.renderer, forbid.electron] },
  { files: ['electron/**'], ignores: [...shellEntryPoints, ...sqliteThreads], forbid: [forbid.electron, forbid.sqlite], syntax: [sqlOnlyInDb] },
  { files: shellEntryPoints, forbid: [forbid.sqlite], syntax: [sqlOnlyInDb] },
  { files: sqliteThreads, forbid: [forbid.electron] },
];

/**
 * no-restricted-imports sees `import` and `export … from`; the same specifiers are also caught in
 * `import()`, `typeof import()` types and `require()`, which the code uses for lazy loading.
 * (esquery regexes cannot contain a slash, hence \x2F.)
 */
function boundaryConfig({ files, ignores = [], forbid: list, syntax = [] }) {
  const selectorRegex = (regex) => `/${regex.replaceAll('/', '\\x2F')}/`;
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', { patterns: list.map(({ regex, message }) => ({ regex, message })) }],
      'no-restricted-syntax': [
        'error',
        ...list.flatMap(({ regex, message }) => [
          { selector: `ImportExpression[source.value=${selectorRegex(regex)}]`, message },
          { selector: `TSImportType[source.value=${selectorRegex(regex)}]`, message },
          { selector: `CallExpression[callee.name="require"][arguments.0.value=${selectorRegex(regex)}]`, message },
        ]),
        ...syntax,
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'test-results/**', '.tools/**', 'tools/eslint/node_modules/**', 'bench/pdf_viewer.mjs'] },
  { files: ['**/*.{ts,tsx,mjs,js}'] },
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      // The code names what it leaves unused with a leading underscore (omitted fields, fixed signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  // Only the two classic hooks rules: the plugin's React Compiler rules are slower and not adopted here.
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  ...boundaries.map(boundaryConfig),
);
