/**
 * Package container throughput and memory (issue #18): writes and reads back a 200 MB package
 * (one 200 MB blob in 1 MiB pieces, split into 64 MiB parts) with the default scrypt cost.
 * Peak RSS is sampled during this case only, so earlier cases do not count.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ephemeralIdentity } from '../electron/core/identity';
import { readPackage, writePackage } from '../electron/core/packages';
import type { BenchCase } from './harness';

const MB = 1024 * 1024;
const SIZE_MB = 200;

function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / MB;
    },
  };
}

export const packagesBench: BenchCase = {
  title: 'packages: write and read a 200 MB signed, encrypted package',
  async run(emit, dir) {
    const out = join(dir, 'bench.drpkg');
    const piece = randomBytes(MB);
    const common = { campaignId: 'bench-campaign', passphrase: 'bench passphrase' };
    const rss = sampleRss();
    const startMb = process.memoryUsage.rss() / MB; // the bench process's own modules, before this case

    const w0 = performance.now();
    await writePackage({ ...common, out, kind: 'campaign', signer: ephemeralIdentity(), partSize: 64 * MB }, async (w) => {
      await w.record('manifest', { files: 1 });
      await w.blob('data.bin', (async function* () {
        for (let i = 0; i < SIZE_MB; i++) {
          piece.writeUInt32BE(i, 0); // no two pieces alike
          yield piece;
        }
      })(), SIZE_MB * MB);
    });
    emit('package_write_mb_per_s', SIZE_MB / ((performance.now() - w0) / 1000), 'MB/s');

    const r0 = performance.now();
    const pkg = await readPackage(out, { ...common, expectedCampaignId: common.campaignId });
    let bytes = 0;
    for await (const e of pkg.entries()) if (e.type === 'blob') for await (const b of e.data) bytes += b.length;
    if (bytes !== SIZE_MB * MB) throw new Error(`read ${bytes} bytes`);
    emit('package_read_mb_per_s', SIZE_MB / ((performance.now() - r0) / 1000), 'MB/s');
    const peakMb = rss.stop();
    emit('package_200mb_peak_rss_mb', peakMb, 'MB');
    emit('package_200mb_rss_above_start_mb', peakMb - startMb, 'MB');
  },
};
