/**
 * The laptop's signed audit chain head inside a results package (record `results/head`). The
 * package's own signature proves who sent it; the head proves how far that laptop's audit log
 * reached when it was last signed at the laptop. A package whose chain ends before its own signed
 * head had entries dropped (on the laptop, by editing its store); one that ends elsewhere or with
 * another hash was rewritten. Packages from before the head travelled have none and are accepted
 * on the chain checks alone.
 */
import { HEAD_FORMAT, headSignatureValid, type SignedAuditHead } from '../../audit-head';
import { refuse } from '../container';
import type { ResultsMeta } from './wire';

/** Checked as soon as the record arrives: a well-formed head, signed by this package's signer, for this laptop's store. */
export function checkSignedHead(value: unknown, meta: ResultsMeta, signerKeyHex: string, file: string): SignedAuditHead {
  const h = value as SignedAuditHead;
  if (
    !h || typeof h !== 'object' || h.format !== HEAD_FORMAT || !Number.isInteger(h.seq) || typeof h.hash !== 'string' ||
    typeof h.signature !== 'string' || typeof h.publicKey !== 'string' || !Array.isArray(h.recent)
  ) {
    throw refuse('damaged', file, '的签名链头无法识别');
  }
  if (!headSignatureValid(h)) throw refuse('damaged', file, '的签名链头签名无效：链头在签名后被改动过');
  if (h.publicKey !== signerKeyHex) throw refuse('other_signer', file, '的签名链头不是本包签名者的密钥签的');
  if (h.storeId !== meta.storeId) throw refuse('damaged', file, '的签名链头属于另一台电脑的数据库');
  return h;
}

/** After the chain was verified to end at meta.auditTo with meta.auditToHash: it must end exactly at the signed head. */
export function checkChainEndsAtHead(head: SignedAuditHead, meta: ResultsMeta, file: string): void {
  if (head.seq > meta.auditTo) {
    throw refuse(
      'damaged',
      file,
      `的审计记录比它自己的签名链头短：链头（签于 ${head.signedAt}）签到第 ${head.seq} 条，包内审计记录只到第 ${meta.auditTo} 条，` +
        `该电脑的 ${head.seq - meta.auditTo} 条审计记录被删去了`,
    );
  }
  if (head.seq < meta.auditTo) {
    throw refuse('damaged', file, `的审计记录到第 ${meta.auditTo} 条，而签名链头只签到第 ${head.seq} 条：其后的记录没有签名担保`);
  }
  if (head.hash !== meta.auditToHash) {
    throw refuse('damaged', file, `的审计记录第 ${head.seq} 条与签名链头不符：审计记录被改写过`);
  }
}
