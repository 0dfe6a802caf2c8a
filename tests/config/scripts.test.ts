import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");

async function exitOf(script: string, env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SHOPIFY_|DATABASE_URL|DEMO_|NODE_ENV|SCOPES)/.test(k)),
  );
  try {
    await run(tsx, [script], { env: { ...clean, ...env } as NodeJS.ProcessEnv, timeout: 30_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe("start-up scripts refuse to run misconfigured", () => {
  it("npm run demo refuses NODE_ENV=production", async () => {
    const { code, stderr } = await exitOf("scripts/demo.ts", { NODE_ENV: "production" });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe("Demo mode refuses to start with NODE_ENV=production. Use `npm start` with real credentials instead.");
  });

  it("npm run demo refuses real credentials", async () => {
    const { code, stderr } = await exitOf("scripts/demo.ts", { SHOPIFY_API_SECRET: "shpss_real_secret" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/refuses to start while real Shopify credentials are set \(SHOPIFY_API_SECRET\)/);
  });

  it("npm start without credentials exits with one line per problem", async () => {
    const { code, stderr } = await exitOf("scripts/start.ts", { NODE_ENV: "production" });
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines[0]).toBe("Invalid environment:");
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- DATABASE_URL is required/),
      expect.stringMatching(/^ {2}- SHOPIFY_API_KEY is required/),
      expect.stringMatching(/^ {2}- SHOPIFY_API_SECRET is required/),
      expect.stringMatching(/^ {2}- SHOPIFY_APP_URL /),
    ]);
  });
});
