import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachStaged, StagingWriter } from '../../electron/core/packages/results/staging';
import { useTempDir } from '../foundation/temp';

describe('results import staging file', () => {
  const tempDir = useTempDir();

  it('reads back every record in order, across 1 MiB pieces and with multi-byte characters cut at piece ends', async () => {
    const path = join(tempDir(), 'staging.jsonl');
    const w = await StagingWriter.create(path);
    const written: [string, unknown][] = [];
    for (let i = 0; i < 6000; i++) {
      // Varying lengths so that line ends and 3-byte UTF-8 characters fall on every offset of a piece.
      const value = { i, note: '送达回证日期不清'.repeat(1 + (i % 97)), pages: [i, i + 1] };
      written.push([`review/${i}`, value]);
      await w.add(`review/${i}`, value);
    }
    await w.close();
    expect(w.lines).toBe(6000);
    const read: [string, unknown][] = [];
    forEachStaged(path, (name, value) => read.push([name, value]));
    expect(read.length).toBe(written.length);
    expect(read).toEqual(written);
  });
});
