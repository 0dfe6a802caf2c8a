import { describe, expect, it } from "vitest";
import { DEMO_API_KEY, DEMO_API_SECRET, EnvError, parseEnv } from "../../app/env.server";

const valid = {
  DATABASE_URL: "postgresql://app:secret@db.internal:5432/casefile",
  SHOPIFY_API_KEY: "3f1c0ffee",
  SHOPIFY_API_SECRET: "shpss_real",
  SHOPIFY_APP_URL: "https://support.example.com",
  NODE_ENV: "production",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment validation", () => {
  it("accepts a complete production environment", () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.DEMO_MODE).toBe("0");
  });

  it("names each missing variable on its own line", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      expect.stringMatching(/^DATABASE_URL is required/),
      expect.stringMatching(/^SHOPIFY_API_KEY is required/),
      expect.stringMatching(/^SHOPIFY_API_SECRET is required/),
      expect.stringMatching(/^SHOPIFY_APP_URL /),
    ]);
  });

  it("explains bad values", () => {
    const found = problems({ ...valid, DATABASE_URL: "mysql://x", PORT: "99999", SCOPES: "read orders", SHOPIFY_APP_URL: "http://plain.example.com" });
    expect(found).toContain("DATABASE_URL must be a postgresql:// URL");
    expect(found.some((p) => p.startsWith("PORT "))).toBe(true);
    expect(found.some((p) => p.startsWith("SCOPES must be a comma-separated list"))).toBe(true);
    expect(found).toContain("SHOPIFY_APP_URL must be https in production");
  });

  it("refuses the public demo credentials outside demo mode", () => {
    expect(problems({ ...valid, SHOPIFY_API_KEY: DEMO_API_KEY })).toEqual([expect.stringMatching(/^SHOPIFY_API_KEY is the public demo key/)]);
  });
});

describe("demo-mode guard", () => {
  const demo = { ...valid, NODE_ENV: "development", DEMO_MODE: "1", SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: DEMO_API_SECRET, SHOPIFY_APP_URL: "http://localhost:3000", DEMO_SHOP: "northwind-outfitters.myshopify.com" };

  it("accepts the demo's own values", () => {
    expect(parseEnv(demo).DEMO_MODE).toBe("1");
  });

  it("refuses to run in production", () => {
    expect(problems({ ...demo, NODE_ENV: "production" })).toContain("DEMO_MODE demo mode refuses to run with NODE_ENV=production");
  });

  it("refuses to run with real credentials", () => {
    expect(problems({ ...demo, SHOPIFY_API_SECRET: "shpss_real" })).toEqual([expect.stringMatching(/refuses to run with real Shopify API credentials/)]);
  });
});
