import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/** The widget loader: one small classic script (`/widget.js`), no imports, run by any website. */
export default defineConfig({
  root,
  publicDir: false,
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: false,
    target: 'es2019',
    sourcemap: false,
    reportCompressedSize: false,
    lib: { entry: resolve(root, 'widget/loader.ts'), formats: ['iife'], name: 'SwitchboardWidget', fileName: () => 'widget.js' },
  },
});
