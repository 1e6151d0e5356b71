/**
 * This installation's identity: an Ed25519 key pair made on first use with Node's crypto. It signs
 * the packages this laptop sends (docs/packages.md); the private key never leaves the key folder —
 * it is never written into a package, an export or the store.
 *
 * Where: a folder beside the store, `<store file>.identity/` (mode 0700), holding
 * `ed25519.key` (PKCS#8 PEM, mode 0600) and `ed25519.pub` (SPKI PEM). Beside the store rather than
 * in Electron's userData so that the CLI, the loopback host and the app, which all open a store by
 * path, share one identity per store without importing electron.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Identity {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte Ed25519 public key (what a package header carries). */
  publicKeyRaw: Buffer;
  /** SHA-256 of the raw public key, upper-case hex grouped by four: `AB12 CD34 …`. */
  fingerprint: string;
}

const KEY_FILE = 'ed25519.key';
const PUB_FILE = 'ed25519.pub';

export function identityDirFor(storePath: string): string {
  return `${storePath}.identity`;
}

/** The raw 32 bytes of an Ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('不是 Ed25519 公钥');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** SHA-256 of the raw public key, shown as 16 groups of four hex digits. */
export function fingerprintOf(publicKeyRaw: Uint8Array): string {
  const hex = createHash('sha256').update(publicKeyRaw).digest('hex').toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}

function identityFrom(privateKey: KeyObject): Identity {
  const publicKey = createPublicKey(privateKey);
  const publicKeyRaw = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyRaw, fingerprint: fingerprintOf(publicKeyRaw) };
}

/** A fresh key pair held only in memory (in-memory stores, tests). */
export function ephemeralIdentity(): Identity {
  return identityFrom(generateKeyPairSync('ed25519').privateKey);
}

/**
 * Loads the identity kept in `dir`, making it on first use. The key is written in full to a
 * temporary file (mode 0600) and hard-linked into place, which fails if a key is already there: a
 * crash never leaves half a key, and of two processes racing, the first key wins and the second
 * process reads it back instead of replacing it.
 */
export function loadOrCreateIdentity(dir: string): Identity {
  const keyPath = join(dir, KEY_FILE);
  let key = readKey(keyPath);
  if (!key) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${KEY_FILE}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      chmodSync(tmp, 0o600); // explicit: never wider than the owner, whatever the umask
      linkSync(tmp, keyPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
    key = readKey(keyPath)!;
  }
  const identity = identityFrom(key);
  // The public half, for people who want to look at it; rewritten if missing.
  const pubPath = join(dir, PUB_FILE);
  if (!existsSync(pubPath)) writeFileSync(pubPath, identity.publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
  return identity;
}

function readKey(keyPath: string): KeyObject | null {
  let pem: Buffer;
  try {
    pem = readFileSync(keyPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`本机密钥文件不是 Ed25519 私钥：${keyPath}`);
  return key;
}
