/**
 * Vite configuration of the lazyrich explorer (issue 8): a Svelte 5 single-page app under
 * `src/web/app`, built into `dist/web` with relative asset URLs (`base: './'`) so the Node server
 * (`lazyrich explore`) can serve it from any path. Web Workers are ES modules.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('./src/web/app', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [svelte({ preprocess: vitePreprocess() })],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});
