/**
 * What the installers ship, checked without downloading anything: electron-builder packs the Linux
 * x64 and arm64 app folders (`--dir`) of this checkout against a stand-in Electron runtime folder
 * (the `electronDist` option), then this test reads app.asar and the unpacked files. Each
 * architecture must carry native binaries of its own architecture only, for every native module
 * (`file` tells), and none inside app.asar, where they could not load. The arm64 folder needs the
 * arm64 packages of sharp and @napi-rs/canvas in node_modules: `npm test` adds them first
 * (scripts/add-linux-natives.mjs).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../electron/host/paths';

const asar = createRequire(import.meta.url)('@electron/asar') as typeof import('@electron/asar');

const ARCHES = {
  x64: { folder: 'linux-unpacked', fileSays: 'x86-64' },
  arm64: { folder: 'linux-arm64-unpacked', fileSays: 'ARM aarch64' },
} as const;
type Arch = keyof typeof ARCHES;

/** Every native module the app ships, as the path of its binary for one architecture. */
const nativeBinaries = (arch: Arch) => [
  `node_modules/better-sqlite3/prebuilds/linux-${arch}.node`,
  `node_modules/onnxruntime-node/bin/napi-v6/linux/${arch}/onnxruntime_binding.node`,
  `node_modules/onnxruntime-node/bin/napi-v6/linux/${arch}/libonnxruntime.so.1`,
  `node_modules/@img/sharp-linux-${arch}/lib/sharp-linux-${arch}.node`,
  `node_modules/@img/sharp-libvips-linux-${arch}/lib/libvips-cpp.so.42`,
  `node_modules/@napi-rs/canvas-linux-${arch}-gnu/skia.linux-${arch}-gnu.node`,
];

const NATIVE = /\.(node|so)(\.\d+)*$/;
/** The first bytes of a file, without reading the whole (some are tens of MB). */
function headOf(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head;
  } finally {
    closeSync(fd);
  }
}
const isElf = (head: Buffer) => head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));

let scratch: string;
let build: { status: number | null; output: string };

function write(path: string, text: string | Buffer) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dossier-packaging-'));
  // Packed from the checkout itself, as `npm run dist` does: its tests, sources, docs, .ci, .npmrc and
  // the bundles' source maps are all there to be left out. (A copy of the project with its
  // node_modules linked in would not do: electron-builder asks npm for the production tree, and npm
  // sees linked packages as extraneous.)
  for (const [script, args] of [
    // --if-stale: the bundles the CLI tests may be running at this moment are rewritten only if stale.
    ['scripts/build-electron.mjs', ['--if-stale']],
    ['node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn']],
  ] as const) {
    const r = spawnSync(process.execPath, [script, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  }

  // Stand-in Electron runtime: electron-builder copies the folder and renames `electron`.
  const runtime = join(scratch, 'electron-runtime');
  write(join(runtime, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(runtime, 'electron'), 0o755);
  write(join(runtime, 'locales/en-US.pak'), '');
  write(join(runtime, 'resources/.keep'), '');
  write(join(runtime, 'version'), '45.4.1');

  const run = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/electron-builder/cli.js'),
      '--config', 'electron-builder.yml',
      '--dir', '--linux', '--x64', '--arm64',
      `-c.electronDist=${runtime}`,
      `-c.directories.output=${join(scratch, 'release')}`,
    ],
    // No network: electron-builder must take everything from the checkout and the stand-in runtime.
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 240_000 },
  );
  build = { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.each(Object.keys(ARCHES) as Arch[])('Linux %s app folder (electron-builder --dir)', (arch) => {
  const resources = () => join(scratch, 'release', ARCHES[arch].folder, 'resources');
  const entries = () => asar.listPackage(join(resources(), 'app.asar'), { isPack: false }).map((p) => p.replaceAll('\\', '/').replace(/^\//, ''));

  it('is built', () => {
    expect(build.status, build.output).toBe(0);
    expect(existsSync(join(resources(), 'app.asar'))).toBe(true);
  });

  it('ships only dist/, production node_modules and package.json', () => {
    const paths = entries();
    expect(new Set(paths.map((p) => p.split('/')[0]))).toEqual(new Set(['dist', 'node_modules', 'package.json']));
    expect(paths).toEqual(expect.arrayContaining(['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/ocr-worker.cjs', 'dist/electron/ocr-utility.cjs', 'dist/electron/import-worker.cjs', 'dist/renderer/index.html']));
    const offending = paths.filter((p) => /\.(ts|mts|cts|tsx|map)$/.test(p) || /(^|\/)(\.npmrc|\.ci)(\/|$)/.test(p));
    expect(offending).toEqual([]);
    // Development-only packages stay out (electron is the runtime itself).
    const packages = new Set(paths.filter((p) => p.startsWith('node_modules/')).map((p) => p.split('/').slice(1, p.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')));
    for (const dev of ['electron', 'electron-builder', 'vite', 'vitest', 'typescript', 'playwright-core', 'esbuild', 'tsx']) expect(packages.has(dev), dev).toBe(false);
    expect(packages.has('better-sqlite3')).toBe(true);
    expect(packages.has('pdfjs-dist')).toBe(true);
  });

  it(`holds every native module, built for ${arch} only, unpacked where it can load`, () => {
    const unpacked = join(resources(), 'app.asar.unpacked');
    const unpackedFiles = readdirSync(unpacked, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(unpacked, join(d.parentPath, d.name)).replaceAll('\\', '/'));
    expect(unpackedFiles).toEqual(expect.arrayContaining(nativeBinaries(arch)));
    // Every ELF file (addons, shared libraries, executables) must be for this architecture.
    const elf = unpackedFiles.filter((p) => isElf(headOf(join(unpacked, p))));
    expect(elf).toEqual(expect.arrayContaining(nativeBinaries(arch)));
    const wrong = elf
      .map((p) => ({ p, says: spawnSync('file', ['-b', join(unpacked, p)], { encoding: 'utf8' }).stdout.trim() }))
      .filter(({ says }) => !says.startsWith('ELF 64-bit') || !says.includes(ARCHES[arch].fileSays));
    expect(wrong).toEqual([]);
  });

  it('packs no native code into app.asar itself (it could not load from there)', () => {
    const archive = join(resources(), 'app.asar');
    const unpacked = join(resources(), 'app.asar.unpacked');
    const packed = entries().filter((p) => {
      if (existsSync(join(unpacked, p))) return false;
      let head: Buffer;
      try {
        head = asar.extractFile(archive, p);
      } catch {
        return false; // a folder
      }
      return NATIVE.test(p) || isElf(head);
    });
    expect(packed).toEqual([]);
  });
});

describe('electron-builder.yml', () => {
  it('names no machine path', () => {
    const config = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).not.toMatch(/\/(work|home|Users|root|tmp)\//);
  });
});
