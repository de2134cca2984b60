import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * The pages (docs/web.md): one build, several entries. Everything lands in
 * web/dist and is served by the server under `/web/` (assets), `/app`
 * (workspace) and `/widget.js` (the loader, built by vite.loader.config.ts).
 */
export default defineConfig({
  root,
  base: '/web/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    manifest: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        workspace: resolve(root, 'workspace/index.html'),
        panel: resolve(root, 'widget/panel.html'),
      },
    },
  },
});
