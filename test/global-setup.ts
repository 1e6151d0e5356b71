// better-sqlite3 13 is a Node-API 10 addon: on Node 20 (Node-API 9) it segfaults instead of throwing.
// Fail fast with an actionable message instead.
export default function setup(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22 || Number(process.versions.napi) < 10) {
    throw new Error(
      `Tests need Node 22 or newer (this is ${process.version}). ` +
        'Run `bash .ci/run`, or put .tools/node22/node_modules/.bin first on PATH.',
    );
  }
}
