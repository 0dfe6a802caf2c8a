import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The browser bundle must never pull in server-only code (a `.server` module or a Node built-in used by a
// route's component). vitest's server-side renders cannot see that; only the real client build can.
describe("production build", () => {
  it("builds the client and server bundles", { timeout: 180_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casefile-build-"));
    try {
      const result = spawnSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
        env: { ...process.env, REMIX_BUILD_DIR: dir, NODE_ENV: "production" },
        encoding: "utf8",
      });
      const output = `${result.stdout}\n${result.stderr}`;
      expect(result.status, output.slice(-3000)).toBe(0);
      expect(fs.existsSync(path.join(dir, "server", "index.js"))).toBe(true);
      expect(fs.readdirSync(path.join(dir, "client", "assets")).some((f) => f.endsWith(".js"))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
