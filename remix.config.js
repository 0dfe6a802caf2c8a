// The one home of the Remix options. vite.config.ts passes them to the Remix Vite plugin
// (the classic compiler cannot build current Shopify packages: docs/decisions/0001-stack.md).
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  appDirectory: "app",
  // REMIX_BUILD_DIR lets tests/config/build.test.ts build beside a running app without touching build/.
  buildDirectory: process.env.REMIX_BUILD_DIR || "build",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
    v3_routeConfig: false,
  },
};
