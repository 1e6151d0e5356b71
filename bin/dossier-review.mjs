#!/usr/bin/env node
// `dossier-review` command line: runs the esbuild bundle of electron/cli/main.ts (plain JavaScript,
// built by scripts/build-electron.mjs next to the app's main.cjs and its worker bundles).
// Built-ins come through process.getBuiltinModule, not `import`: an ESM import of node:fs builds a
// facade over all its exports, and that alone loads Node's whole streams stack (~50 ms of CPU here).
const { existsSync } = process.getBuiltinModule('node:fs');
const { createRequire, enableCompileCache } = process.getBuiltinModule('node:module');
const { fileURLToPath } = process.getBuiltinModule('node:url');

const bundle = fileURLToPath(new URL('../dist/electron/cli.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`错误：找不到命令行程序 ${bundle}，请先运行 npm run build:electron\n`);
  process.exit(1);
}
// V8 keeps the compiled bundle in the OS temp folder: after the first run, start-up skips compiling
// most of its ~8 MB (invalidated automatically when the bundle changes).
enableCompileCache?.();
createRequire(import.meta.url)(bundle);
