import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import './ui/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The app shell offline (public/sw.js); production builds only, since the dev server's modules and
// hot reload change under it. The pages and files loaded before the worker existed are handed to it.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then((reg) => {
    const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)];
    reg.active?.postMessage({ type: 'cache-urls', urls });
  }).catch((err: unknown) => console.warn('offline shell unavailable:', err));
}

