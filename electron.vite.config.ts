import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

// Three bundles: the Electron main process (the Electron door, and the service's
// worker thread), the preload (exposes window.workbench), and the renderer (also
// served by the browser host).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/doors/electron/main.ts'),
          // The service's worker threads (src/main/worker/service-host.ts starts it from beside index.js).
          'service-worker': resolve(__dirname, 'src/main/worker/service-worker.ts'),
        },
        // Shared code stays beside the entries, so `__dirname` (paths.ts) means out/main in every file.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      minify: process.env.WORKBENCH_NO_MINIFY ? false : 'oxc',
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
