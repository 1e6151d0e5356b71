/**
 * A separate process for the kill -9 test: imports a campaign package and, once most of it is in the
 * open transaction (rows inserted, PDFs staged), says PAUSED and blocks until it is killed.
 * Usage: node --import tsx test/packages/import-child.ts <store> <package> <passphrase> <fraction>
 */
import { openCore } from '../../electron/core';
import { importCampaignPackage } from '../../electron/core/packages/campaign';

const [store, file, passphrase, fraction] = process.argv.slice(2);
const core = await openCore(store);
await importCampaignPackage(core.context, {
  file,
  passphrase,
  actor: 'child',
  onProgress(done, total) {
    if (done >= total * Number(fraction)) {
      process.stdout.write(`PAUSED ${done}/${total}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    }
  },
});
process.stdout.write('FINISHED\n');
core.close();
