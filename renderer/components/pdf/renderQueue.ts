/**
 * Priorities on the one pdf.js worker: the pages the reviewer is looking at come first. Page views
 * report their renders here; thumbnails wait until no page render is in flight and the view has been
 * quiet for a moment, so paging through a scanned dossier never queues behind full-size JPEG decodes
 * made only to draw 96-pixel previews.
 */
let inFlight = 0;
let lastActivity = 0;
const QUIET_MS = 300;

export function pageRenderStarted(): void {
  inFlight++;
  lastActivity = performance.now();
}

export function pageRenderEnded(): void {
  inFlight = Math.max(0, inFlight - 1);
  lastActivity = performance.now();
}

/** Resolves once page renders have stopped for QUIET_MS (or at once when aborted). */
export async function whenPagesIdle(signal?: { cancelled: boolean }): Promise<void> {
  for (;;) {
    if (signal?.cancelled) return;
    const quietFor = performance.now() - lastActivity;
    if (inFlight === 0 && quietFor >= QUIET_MS) return;
    await new Promise((r) => setTimeout(r, inFlight === 0 ? QUIET_MS - quietFor + 5 : 100));
  }
}
