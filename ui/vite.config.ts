import { defineConfig } from "vitest/config";

// Tauri serves the built files from ui/dist; the dev server must use the
// fixed port tauri.conf.json points at (devUrl http://localhost:1420).
export default defineConfig({
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    // No inline scripts or data: modules: the CSP is default-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
