import fs from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { buildSchema, parse, validate, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { API_VERSION, DEFAULT_SCOPES } from "../../app/shopify.server";
import { DEMO_SHOP } from "../../app/demo/demo-data";
import { webhookHandlers } from "../../app/webhooks/registry.server";
import { SUBSCRIPTION_TOPICS, WEBHOOK_TOPICS } from "../../app/webhooks/topics";
import { SUBSCRIPTION_SCOPES } from "../../app/subscriptions/scopes";

interface AppToml {
  access_scopes: { scopes: string; optional_scopes?: string[] };
  webhooks: { api_version: string; subscriptions: { topics?: string[]; uri: string; compliance_topics?: string[] }[] };
  app_proxy: { url: string; subpath: string; prefix: string };
  auth: { redirect_urls: string[] };
}

const toml = parseToml(fs.readFileSync("shopify.app.toml", "utf8")) as unknown as AppToml;

let adminSchema: GraphQLSchema | undefined;
function schema() {
  adminSchema ??= buildSchema(fs.readFileSync("app/shopify/schema/admin-2026-07.graphql", "utf8"), { assumeValidSDL: true });
  return adminSchema;
}

describe("shopify.app.toml", () => {
  it("asks for exactly the scopes the app is built with", () => {
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual([...DEFAULT_SCOPES].sort());
    // Subscriptions are optional (asked when the merchant turns them on); the demo shop granted them too.
    expect([...(toml.access_scopes.optional_scopes ?? [])].sort()).toEqual([...SUBSCRIPTION_SCOPES].sort());
    expect(DEFAULT_SCOPES.filter((s) => (SUBSCRIPTION_SCOPES as readonly string[]).includes(s))).toEqual([]);
    expect(DEMO_SHOP.scopes.split(",").sort()).toEqual([...DEFAULT_SCOPES, ...SUBSCRIPTION_SCOPES].sort());
  });

  it("subscribes only topics that have a handler, each at /webhooks/<topic>", () => {
    expect(toml.webhooks.api_version).toBe(API_VERSION);
    const subscribed = toml.webhooks.subscriptions.flatMap((sub) => {
      const topics = [...(sub.topics ?? []), ...(sub.compliance_topics ?? [])];
      for (const topic of sub.topics ?? []) expect(sub.uri).toBe(`/webhooks/${topic}`);
      if (sub.compliance_topics) expect(sub.uri).toBe("/webhooks/compliance");
      return topics;
    });
    expect(new Set(subscribed).size).toBe(subscribed.length);
    // Subscription topics need an optional scope: registered per shop once granted (app/subscriptions/webhooks.server.ts).
    const shopSpecific: readonly string[] = SUBSCRIPTION_TOPICS;
    expect(subscribed.filter((t) => shopSpecific.includes(t))).toEqual([]);
    expect([...subscribed, ...shopSpecific].sort()).toEqual(Object.keys(webhookHandlers).sort());
    expect([...subscribed, ...shopSpecific].sort()).toEqual([...WEBHOOK_TOPICS].sort());
    // The one route that receives them all.
    expect(fs.readFileSync("app/routes/webhooks.$.tsx", "utf8")).toMatch(/ingestWebhook/);
  });

  it("reserves the app proxy path /apps/support for the storefront", () => {
    expect(toml.app_proxy).toMatchObject({ prefix: "apps", subpath: "support" });
    expect(new URL(toml.app_proxy.url).pathname).toBe("/proxy");
    expect(toml.auth.redirect_urls.length).toBeGreaterThan(0);
  });
});

describe("Admin GraphQL operations", () => {
  // Every string exported from app/shopify/operations/*.ts is an Admin GraphQL document.
  const modules = import.meta.glob<Record<string, unknown>>("../../app/shopify/operations/*.ts", { eager: true });
  const entries = Object.entries(modules).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([, v]) => typeof v === "string")
      .map(([name, v]) => [`${path.basename(file)}: ${name}`, v] as const),
  );

  it("exist", () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries)("%s is a named operation valid against the Admin 2026-07 schema", (_name, source) => {
    const document = parse(source as string);
    const definitions = document.definitions.filter((d) => d.kind === "OperationDefinition");
    expect(definitions).toHaveLength(1);
    expect(definitions[0]).toHaveProperty("name.value");
    expect(validate(schema(), document).map((e) => e.message)).toEqual([]);
  });

  it("the validation rejects a field Shopify does not have", () => {
    const errors = validate(schema(), parse("query Bad { shop { notAField } }"));
    expect(errors.map((e) => e.message)).toEqual([expect.stringContaining("notAField")]);
  });
});
