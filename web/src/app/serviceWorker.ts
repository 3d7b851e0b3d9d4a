/**
 * Registers the service worker Workbox writes at build time (`sw.js`, see vite.config.ts): it precaches the app
 * shell and the pages' chunks and dictionaries, and answers navigations with the shell when the network is gone,
 * so the report form opens offline after a reload. Not in development (Vite serves no sw.js there).
 */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
