import { z } from "zod";

/** Values that only the demo uses. They are public (committed in .env.demo) and never valid on Shopify. */
export const DEMO_API_KEY = "demo-api-key-0000000000000000";
export const DEMO_API_SECRET = "demo-api-secret-public-not-for-production";

const MyshopifyDomain = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a shop domain like example.myshopify.com");

const Scopes = z
  .string()
  .regex(/^[a-z_]+(,[a-z_]+)*$/, "must be a comma-separated list like read_orders,write_orders");

const Base = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string({ error: "is required (postgresql://user:password@host:5432/database)" })
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
  SHOPIFY_API_KEY: z.string({ error: "is required (the app's client ID from the Partner Dashboard)" }).min(1),
  SHOPIFY_API_SECRET: z.string({ error: "is required (the app's client secret)" }).min(1),
  SHOPIFY_APP_URL: z.url({ error: "must be the app's public https URL (e.g. https://support.example.com)" }),
  SCOPES: Scopes.optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DEMO_MODE: z.enum(["0", "1"]).default("0"),
  DEMO_SHOP: MyshopifyDomain.optional(),
});

export type Env = z.infer<typeof Base>;

const EnvSchema = Base.superRefine((env, ctx) => {
  if (env.DEMO_MODE === "1") {
    if (env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["DEMO_MODE"], message: "demo mode refuses to run with NODE_ENV=production" });
    }
    if (env.SHOPIFY_API_KEY !== DEMO_API_KEY || env.SHOPIFY_API_SECRET !== DEMO_API_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO_MODE"],
        message: "demo mode refuses to run with real Shopify API credentials set (unset SHOPIFY_API_KEY/SHOPIFY_API_SECRET)",
      });
    }
    if (!env.DEMO_SHOP) ctx.addIssue({ code: "custom", path: ["DEMO_SHOP"], message: "is required in demo mode" });
  } else {
    if (env.SHOPIFY_API_KEY === DEMO_API_KEY || env.SHOPIFY_API_SECRET === DEMO_API_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_API_KEY"],
        message: "is the public demo key; set your app's own credentials, or run `npm run demo`",
      });
    }
    if (env.NODE_ENV === "production" && !env.SHOPIFY_APP_URL.startsWith("https://")) {
      ctx.addIssue({ code: "custom", path: ["SHOPIFY_APP_URL"], message: "must be https in production" });
    }
  }
});

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError with one line per missing or bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    const given = source[name];
    const message =
      issue.code === "invalid_type" && given === undefined ? (issue.message.startsWith("is ") ? issue.message : "is required") : issue.message;
    return `${name} ${message}`;
  });
  throw new EnvError(problems);
}

let cached: Env | undefined;

/** The validated environment of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isDemoMode(): boolean {
  return env().DEMO_MODE === "1";
}

/** Tests change process.env between cases; this makes the next env() read it again. */
export function resetEnvCache(): void {
  cached = undefined;
}
