import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server (npm start -w server) listens on :3000; the dev server proxies /api to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
