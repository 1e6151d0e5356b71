/**
 * viewer.html (loaded by viewer.tsx): one dossier PDF in a window of its own (#file=<fileId>[&page=N]) — "在新窗口中打开"
 * for reviewers with two screens, and the page the PDF benchmark drives.
 */
import { StrictMode, useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { currentConnection, takeTokenFromLocation } from './api';
import { PdfViewer, type PdfViewerHandle } from './components/pdf/PdfViewer';
import './styles.css';

/** Reads #file=…&page=… before the token is taken (taking it rewrites the fragment). */
function readTarget(): { fileId: string | null; page: number } {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const page = Number(params.get('page'));
  return { fileId: params.get('file'), page: Number.isInteger(page) && page > 0 ? page : 1 };
}

const target = readTarget();
takeTokenFromLocation();
// Keep the file in the address so a reload reopens it (the token stays in sessionStorage).
if (target.fileId) window.history.replaceState(null, '', `${window.location.pathname}#file=${encodeURIComponent(target.fileId)}`);

function ViewerPage() {
  const viewer = useRef<PdfViewerHandle>(null);
  // The window exists for this one file: keys (J/K, Ctrl+F, +/-) go to the viewer at once.
  useEffect(() => viewer.current?.focus(), []);
  if (!target.fileId) return <p className="viewer-message">地址中缺少要打开的文件（#file=文件编号）。</p>;
  if (currentConnection().kind === 'none') return <p className="viewer-message">未找到访问令牌。请从程序中点“在新窗口中打开”，或打开 npm run serve 打印的完整地址。</p>;
  return (
    <PdfViewer
      ref={viewer}
      fileId={target.fileId}
      initialPage={target.page}
      className="viewer-full"
      onPageChange={(p, count) => {
        document.title = `第 ${p} / ${count} 页 · 卷宗 PDF`;
      }}
    />
  );
}

createRoot(document.getElementById('viewer-root')!).render(
  <StrictMode>
    <ViewerPage />
  </StrictMode>,
);
