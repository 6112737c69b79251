import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web chat widget (CH-3): its own small bundle, one classic script that any site can
// load with the snippet. It lands inside the app's dist, so the binary serves it at
// /widget/v1/charla.js; the app's build runs first and empties dist.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    target: 'es2020',
    outDir: fileURLToPath(new URL('../dist/widget/v1', import.meta.url)),
    emptyOutDir: false,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('./src/main.ts', import.meta.url)),
      name: 'CharlaWidget',
      formats: ['iife'],
      fileName: () => 'charla.js',
    },
  },
});
