import react from '@vitejs/plugin-react';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// The renderer: one build that loads from the loopback host (http://127.0.0.1) and from Electron
// (file:// or app://), hence the relative base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: process.env.DOSSIER_RENDERER_DIR ?? '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // viewer.html: one dossier PDF in its own window (two-monitor reviewers; the PDF benchmark).
    rollupOptions: { input: { main: resolve(import.meta.dirname, 'renderer/index.html'), viewer: resolve(import.meta.dirname, 'renderer/viewer.html') } },
  },
});

/**
 * pdf.js runtime assets (CMaps for Chinese fonts, standard fonts, wasm decoders, ICC profiles) copied
 * into <outDir>/pdfjs/ so the viewer never reaches the network; the dev server serves them from
 * node_modules under the same path.
 */
function pdfjsAssets(): Plugin {
  const dirs = ['cmaps', 'standard_fonts', 'wasm', 'iccs'];
  const from = resolve(import.meta.dirname, 'node_modules/pdfjs-dist');
  let outDir = '';
  return {
    name: 'dossier-pdfjs-assets',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/pdfjs', (req, res, next) => {
        const file = resolve(from, `.${decodeURIComponent((req.url ?? '').split('?')[0]!)}`);
        if (!file.startsWith(from) || !existsSync(file)) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    closeBundle() {
      for (const d of dirs) if (existsSync(resolve(from, d))) cpSync(resolve(from, d), resolve(outDir, 'pdfjs', d), { recursive: true });
    },
  };
}
