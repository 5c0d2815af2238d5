import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ at / and the API at /graphql; in `vite dev` the API is proxied to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/graphql': `http://127.0.0.1:${process.env.FVM_API_PORT ?? 4000}` } },
});
