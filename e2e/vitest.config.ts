import { defineConfig } from "vitest/config";

// Browser end-to-end tests, run by `npm run test:e2e` (scripts/e2e.ts starts the demo and sets E2E_BASE_URL).
// Kept apart from the unit suite: no per-file database, one demo shared by the files, which run in order.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { shuffle: false },
  },
});
