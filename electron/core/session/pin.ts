/**
 * PIN hashing with node:crypto's scrypt (memory-hard, so a copied store does not give the PINs away
 * cheaply). A PIN only tells people apart on a shared laptop; it is not a password to the data, which
 * sits unencrypted in the store. Stored as `scrypt$N$r$p$saltHex$hashHex` so the cost can rise later.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 1 << 14;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin.normalize('NFC'), salt, KEY_BYTES, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** False for a wrong PIN and for a stored value this version cannot read. */
export function verifyPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4], 'hex');
  const expected = Buffer.from(parts[5], 'hex');
  if (!salt.length || expected.length < 16) return false;
  const got = scryptSync(pin.normalize('NFC'), salt, expected.length, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
  return timingSafeEqual(got, expected);
}
