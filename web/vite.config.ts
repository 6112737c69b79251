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
