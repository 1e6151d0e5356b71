import { createHash, randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

// Random bytes come from a pooled buffer: one getRandomValues call per UUID cost ~0.3 s over a
// 50,000-row import. The v7 state (millisecond + monotonic sequence) is kept here as uuid does.
const pool = new Uint8Array(16 * 4096);
let poolPos = pool.length;
const v7State = { msecs: -Infinity, seq: 0 };

function randomBytes16(): Uint8Array {
  if (poolPos + 16 > pool.length) {
    randomFillSync(pool);
    poolPos = 0;
  }
  const bytes = pool.subarray(poolPos, poolPos + 16);
  poolPos += 16;
  return bytes;
}

/** Time-ordered UUIDs (v7): unique across laptops, and they sort by creation time. */
export function newId(): string {
  const random = randomBytes16();
  const now = Date.now();
  if (now > v7State.msecs) {
    v7State.msecs = now;
    v7State.seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
  } else {
    v7State.seq = (v7State.seq + 1) | 0;
    if (v7State.seq === 0) v7State.msecs++;
  }
  return uuidv7({ random, msecs: v7State.msecs, seq: v7State.seq });
}

export const nowIso = (): string => new Date().toISOString();

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** JSON with object keys sorted, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}
