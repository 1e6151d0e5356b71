/**
 * viewer.html's entry: open the file and prepare the page to show first, then load the viewer
 * itself (viewer-app.tsx: React and the API contract). Evaluating those keeps the main thread busy
 * for ~300 ms on this machine, which would stall pdf.js's requests and messages; done after the
 * page's data has arrived, the first paint is only drawing (see `npm run bench -- "pdf viewer"`).
 */
import { prefetchDossierPdf, warmPage } from './components/pdf/pdfjs';

const params = new URLSearchParams(window.location.hash.slice(1));
const fileId = params.get('file');
// The token as renderer/api.ts will keep it (the fragment first, else this tab's sessionStorage),
// read here without importing api.ts, which pulls in the whole contract.
const token = params.get('token') ?? sessionStorage.getItem('dossier-review.token');
let firstPageReady: Promise<unknown> = Promise.resolve();
if (fileId && token && !window.dossierApi) {
  prefetchDossierPdf(fileId, { url: new URL(`/dossier-files/${encodeURIComponent(fileId)}`, window.location.origin).href, headers: { Authorization: `Bearer ${token}` } });
  firstPageReady = warmPage(fileId, Number(params.get('page')) || 1);
}
// Never wait long: a slow or broken file is the viewer's to report.
const patience = new Promise((resolve) => setTimeout(resolve, 1500));
void Promise.race([firstPageReady.catch(() => undefined), patience]).then(() => import('./viewer-app'));
