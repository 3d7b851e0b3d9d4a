import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Vite 8 bundles with rolldown, which has no `manualChunks`: long-lived chunks are declared as chunk groups instead.
 * react (with the router and i18next) is one long-cached chunk every page needs; echarts is its own chunk, reached
 * only through the lazy imports of the pages that draw charts. antd is not grouped: each page's chunk carries only
 * the components it uses, so the sign-in page and the public notice stay small.
 *
 * After the bundle: every text asset gets a brotli (`.br`) and a gzip (`.gz`) twin, which the server picks by
 * Accept-Encoding (server/src/http/web.ts), and Workbox writes the service worker (`sw.js`) that precaches the app
 * shell and every page's chunks and dictionaries except the charts, so the report form opens offline after a reload.
 */
export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      filename: 'sw.js',
      // Registered by the signed-in shell (app/serviceWorker.ts), so a first visit to the sign-in page downloads
      // only the sign-in page.
      injectRegister: null,
      // public/manifest.webmanifest is the app's manifest.
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        // The chart library and the map outlines are cached when a chart page first opens, not up front.
        globIgnores: ['assets/echarts-*.js', 'geo/**', '**/*.br', '**/*.gz'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'fivestar-assets', expiration: { maxEntries: 200 } },
          },
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/geo/'),
            handler: 'StaleWhileRevalidate',
            options: { cacheName: 'fivestar-geo', expiration: { maxEntries: 20 } },
          },
        ],
      },
    }),
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      include: /\.(js|mjs|css|html|svg|json|webmanifest)$/,
      threshold: 512,
      skipIfLargerOrEqual: true,
    }),
  ],
  server: {
    // FIVESTAR_API overrides where /api goes (default: the server on port 3000).
    proxy: { '/api': { target: process.env.FIVESTAR_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: the module graph `npm run bench:web` walks to weigh each page.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // @fivestar/common is pure (schemas and helpers): modules the app does not use are dropped. So are the web's
      // feature and component modules (not stylesheets): a feature's index.tsx re-exports components for other features, and
      // nothing of those may ride into the entry through the feature list the router is built from.
      treeshake: {
        moduleSideEffects: (id: string) =>
          !/[\\/]common[\\/]src[\\/]/.test(id) &&
          !/[\\/]web[\\/]src[\\/](features|components)[\\/].*\.tsx?$/.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next)[\\/]/,
              priority: 30,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
