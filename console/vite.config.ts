import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Served by the service at /console (same origin as /graphql). In `npm run dev` the API
// calls go to the service named by CLIENTELA_URL (default http://127.0.0.1:8000).
const api = process.env.CLIENTELA_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, assetsDir: 'assets' },
  server: { proxy: { '/graphql': api, '/export': api } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
