import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one build that loads from the loopback host (http://127.0.0.1) and from Electron
// (file:// or app://), hence the relative base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: process.env.DOSSIER_RENDERER_DIR ?? '../dist/renderer',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
});
