import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const locales = fileURLToPath(new URL('../locales', import.meta.url));

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    rolldownOptions: {
      // The service worker is built beside the app, at a fixed address (/sw.js) and with no imports.
      input: { index: 'index.html', sw: 'src/pwa/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    fs: { allow: ['.', locales] },
    proxy: {
      '/api': { target: process.env.CHARLA_DEV_API ?? 'http://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'widget/**/*.test.ts'],
  },
});
