import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// dist/ is embedded into the Go binary (frontend/embed.go). dist/.keep is
// committed, so the build must not empty the folder: `make frontend`
// removes dist/assets before building instead.
export default defineConfig({
  plugins: [svelte()],
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8765' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
