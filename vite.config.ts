import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

// Shopify's CLI gives the app URL in SHOPIFY_APP_URL; HMR needs to know it when tunnelled.
const appUrl = new URL(process.env.SHOPIFY_APP_URL || "http://localhost");
const hmr =
  appUrl.hostname === "localhost"
    ? { protocol: "ws", host: "localhost", port: 64999, clientPort: 64999 }
    : { protocol: "wss", host: appUrl.hostname, port: Number(process.env.FRONTEND_PORT) || 8002, clientPort: 443 };

export default defineConfig({
  server: {
    port: Number(process.env.PORT || 3000),
    hmr,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [remix(remixConfig), tsconfigPaths()],
  build: { assetsInlineLimit: 0 },
  // Polaris ships CSS imports and ESM that Node cannot load directly: bundle it into the server build, and
  // with it the Shopify React components that use it, so both share one Polaris (one i18n context).
  ssr: { noExternal: [/^@shopify\/polaris/, /^@shopify\/shopify-app-remix/] },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
