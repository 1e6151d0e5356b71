/**
 * The one Content-Security-Policy of the renderer. renderer/index.html carries the same text in its
 * <meta http-equiv> tag (a test keeps the two identical); the loopback host also sends it as a header,
 * where frame-ancestors takes effect (browsers ignore that directive in a meta tag).
 * worker-src allows blob: for the pdf.js worker. 'wasm-unsafe-eval' lets pdf.js compile its WebAssembly
 * decoders (JPEG 2000, JBIG2, colour profiles) in the page and its worker (which inherits or is served
 * this policy); it allows WebAssembly compilation only, never eval() or new Function().
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
