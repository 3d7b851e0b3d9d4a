import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Vite 8 bundles with rolldown, which has no `manualChunks`: long-lived chunks are declared as chunk groups instead.
 * react, antd and echarts each get their own long-cached chunk; echarts is only reached through lazy imports.
 */
export default defineConfig({
  plugins: [react()],
  server: {
    // FIVESTAR_API overrides where /api goes (default: the server on port 3000).
    proxy: { '/api': { target: process.env.FIVESTAR_API ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // @fivestar/common is pure (schemas and helpers): modules the app does not use are dropped.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]common[\\/]src[\\/]/.test(id) },
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next)[\\/]/,
              priority: 30,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs|stylis)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
});
