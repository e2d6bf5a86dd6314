import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Confab server serves `dist`; in development Vite forwards the API and the WebSocket to a
// Confab server on its default address.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
