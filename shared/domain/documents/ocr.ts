/** What OCR reads from a page, as the engine returns it, the database stores it and search uses it. */

/** A rectangle on a page, as fractions of the page's width and height (origin top-left). */
export interface PageBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One recognised line: its text, its box on the page and the recognition confidence 0–1. */
export interface OcrLine extends PageBox {
  text: string;
  confidence: number;
}
