/**
 * Entry of the `dossier-review` command line (bin/dossier-review.mjs, `npm run cli -- …`,
 * `node --import tsx electron/cli/main.ts …`). All logic lives in ./run.ts.
 */
import { userInfo } from 'node:os';
import { runCli } from './run';

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  defaultActor: () => userInfo().username,
}).then(
  // exitCode rather than exit(): lets stdout drain when it is a pipe.
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`错误：${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
