/**
 * The one Content-Security-Policy of the renderer. renderer/index.html carries the same text in its
 * <meta http-equiv> tag (a test keeps the two identical); the loopback host also sends it as a header,
 * where frame-ancestors takes effect (browsers ignore that directive in a meta tag).
 * worker-src allows blob: for the pdf.js worker.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
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
