/**
 * Range loading for pdf.js over app://. pdf.js itself range-loads only http(s) URLs; over the app's
 * own scheme it would read the whole file before the first page (52 MB for a 300-page scan). A
 * PDFDataRangeTransport fed by fetch with Range headers gives app:// the same behaviour: the first
 * request brings the file's length and its first chunk, later ones only the bytes pdf.js asks for.
 * No DOM and no pdf.js import here (the transport class is passed in), so it runs under Node too:
 * the tests and the bench drive it against the real app:// protocol handler.
 */

/** Fetches bytes [start, endExclusive) of the file; `total` is the file's length. */
export type RangeFetch = (start: number, endExclusive: number) => Promise<{ bytes: Uint8Array; total: number }>;

/** The parts of pdf.js's PDFDataRangeTransport this module uses. */
export interface RangeTransportLike {
  onDataRange(begin: number, chunk: Uint8Array | null): void;
  requestDataRange(begin: number, end: number): void;
  abort(): void;
}
export type RangeTransportClass<T extends RangeTransportLike> = new (length: number, initialData: Uint8Array | null) => T;

/** `bytes a-b/total` → total; null when the header is missing or malformed. */
export function totalFromContentRange(header: string | null): number | null {
  const m = /^bytes\s+(?:\d+-\d+|\*)\/(\d+)\s*$/i.exec(header ?? '');
  return m ? Number(m[1]) : null;
}

/** A RangeFetch over the Fetch API (Electron's app:// handler, or any server that honours Range). */
export function fetchRanges(url: string, headers: Record<string, string>, fetchImpl: typeof fetch = fetch): RangeFetch {
  return async (start, endExclusive) => {
    const res = await fetchImpl(url, { headers: { ...headers, Range: `bytes=${start}-${endExclusive - 1}` }, cache: 'no-store', credentials: 'omit' });
    if (res.status === 206) {
      const total = totalFromContentRange(res.headers.get('content-range'));
      if (total === null) throw new Error('服务未给出文件长度（Content-Range）');
      return { bytes: new Uint8Array(await res.arrayBuffer()), total };
    }
    if (res.status === 200) {
      // A server that ignores Range sends the whole file: take the part asked for.
      const all = new Uint8Array(await res.arrayBuffer());
      return { bytes: all.subarray(start, Math.min(endExclusive, all.length)), total: all.length };
    }
    const text = (await res.text().catch(() => '')).trim();
    throw Object.assign(new Error(text || `HTTP ${res.status}`), { status: res.status });
  };
}

/**
 * Makes the transport: one request for the first chunk (which also says how long the file is),
 * then one request per range pdf.js asks for. A failed range fails pdf.js's wait for it.
 */
export async function openRangeTransport<T extends RangeTransportLike>(Transport: RangeTransportClass<T>, fetchRange: RangeFetch, firstChunk: number): Promise<T> {
  const first = await fetchRange(0, firstChunk);
  const transport = new Transport(first.total, first.bytes.length >= first.total ? first.bytes : first.bytes.slice());
  let aborted = false;
  transport.requestDataRange = (begin: number, end: number) => {
    fetchRange(begin, end).then(
      ({ bytes }) => {
        if (!aborted) transport.onDataRange(begin, bytes);
      },
      (err: unknown) => {
        console.error(`[pdf] 读取卷宗 PDF 的 ${begin}–${end} 字节失败：`, err);
        if (!aborted) transport.onDataRange(begin, null);
      },
    );
  };
  const abort = transport.abort.bind(transport);
  transport.abort = () => {
    aborted = true;
    abort();
  };
  return transport;
}

/** pdf.js range-loads http(s) URLs itself; every other scheme (app://) needs the transport. */
export const needsRangeTransport = (url: string): boolean => !/^https?:/i.test(url);
