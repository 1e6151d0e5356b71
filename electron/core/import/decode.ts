/**
 * Decoding CSV bytes without mojibake. Excel on Chinese Windows writes "CSV" in the ANSI code page
 * (GBK/GB18030); newer Excel and most systems write UTF-8, often with a BOM. Strategy:
 * BOM → that encoding; bytes valid as UTF-8 → UTF-8; otherwise GB18030 (a superset of GBK and
 * GB2312). jschardet only supplies a diagnostic when the bytes are not UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { detect } from 'jschardet';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
  /** What jschardet guessed, when it was consulted (non-UTF-8 input that decoded with replacement characters), for diagnostics. */
  detected?: { encoding: string | null; confidence: number };
  /** Set when the chosen decoding produced replacement characters: the text may be garbled. */
  suspicious?: string;
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** GB18030 via ICU's TextDecoder (about 3× faster than iconv-lite on large registers); iconv-lite where ICU lacks it. */
function decodeGb18030(b: Uint8Array): string {
  try {
    return new TextDecoder('gb18030').decode(b);
  } catch {
    return iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.length), 'gb18030');
  }
}

export function decodeCsv(buffer: Uint8Array): DecodedText {
  const b = buffer;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) {
    return { text: iconv.decode(Buffer.from(b.buffer, b.byteOffset + 2, b.length - 2), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    return { text: iconv.decode(Buffer.from(b.buffer, b.byteOffset + 2, b.length - 2), 'utf-16be'), encoding: 'utf-16be' };
  }
  if (isUtf8(b)) return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(b), encoding: 'utf-8' };

  const text = decodeGb18030(b);
  if (!text.includes('\uFFFD')) return { text, encoding: 'gb18030' };
  // Diagnostic only, for the "may be garbled" message: a sample is enough and keeps large files fast.
  // (Not run for clean GBK files: jschardet costs ~100 ms on a 64 KiB sample.)
  const sample = b.subarray(0, Math.min(b.length, 64 * 1024));
  let detected: DecodedText['detected'];
  try {
    const d = detect(sample);
    detected = { encoding: d.encoding, confidence: d.confidence };
  } catch {
    detected = undefined;
  }
  const guess = detected?.encoding ? `（编码检测结果：${detected.encoding}）` : '';
  return {
    text,
    encoding: 'gb18030',
    detected,
    suspicious: `文件既不是 UTF-8，也不是有效的 GBK/GB18030 编码${guess}，部分文字可能显示为乱码。请在 Excel 中另存为“CSV UTF-8”后重新导入。`,
  };
}
