import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// WASM threads (onnxruntime-web, ffmpeg.wasm) need cross-origin isolation; the CSP keeps every
// request on our own origin (blob:/data: only where media and workers need them).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function csp(dev: boolean): string {
  // The dev server injects an inline React-refresh preamble and talks HMR over a websocket.
  const script = dev ? "'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:" : "'self' 'wasm-unsafe-eval' blob:";
  return [
    "default-src 'self'",
    `script-src ${script}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob: data:",
    `connect-src 'self' blob: data:${dev ? ' ws: wss:' : ''}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export default defineConfig({
  plugins: [react()],
  server: { headers: { ...isolation, 'Content-Security-Policy': csp(true) } },
  preview: { headers: { ...isolation, 'Content-Security-Policy': csp(false) } },
  worker: { format: 'es' },
  // ffmpeg.wasm and onnxruntime-web start their own workers and fetch their .wasm by URL;
  // pre-bundling breaks those relative URLs.
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util', 'onnxruntime-web'] },
  // UNDERTONE_DIST: a build folder of one's own, so parallel e2e runs (each with its own E2E_PORT)
  // never serve a build another run is rewriting; `vite preview` reads the same setting.
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, outDir: process.env.UNDERTONE_DIST ?? 'dist' },
});
