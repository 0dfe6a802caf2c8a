// Part of `npm run build`: bundles the production entry points (scripts/start.ts, scripts/worker.ts) into
// build/*.mjs, so production runs plain Node with no TypeScript loader in the request path.
import { build } from "esbuild";

await build({
  entryPoints: { start: "scripts/start.ts", worker: "scripts/worker.ts" },
  outdir: "build",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
