// Builds the web UI into web/dist (`npm run build:web`, run by `npm install`); the server serves
// that folder at `/`. Hashed file names under assets/ let the server cache them for a year.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  // `npm run dev:web`: the UI with hot reload, API calls forwarded to a running server.
  server: {
    proxy: {
      '/graphql': process.env.API_URL ?? 'http://127.0.0.1:8008',
      '^/(v\\d+\\.\\d+/)?auth\\.\\w+': process.env.API_URL ?? 'http://127.0.0.1:8008',
    },
  },
});
