/**
 * Scale seeder: realistic shops with up to millions of orders and cases, for benchmarks and load tests.
 *
 * Rows are streamed to PostgreSQL with COPY FROM STDIN in batches (one COPY statement, and so one
 * transaction, per table per batch), a couple of COPY statements in flight at once while the next batch is
 * generated. Nothing holds rows in memory beyond the batches in flight; per order it keeps 16 bytes of id, its
 * customer and its time (about 30 MB per million orders) so that cases can link to real orders.
 *
 * Content comes from a seeded PRNG, so the same seed, starting state and `now` write the same data; ids are
 * uuid v7 (the `uuid` package's layout, time-ordered, as Prisma would create them).
 * Every run appends: order numbers, Shopify ids and case numbers continue after what the shop already has
 * (case numbers are reserved from Shop.nextCaseNumber up front, so cases the app opens meanwhile never clash).
 *
 * By default the COPY transactions skip the per-row triggers when the role may (session_replication_role =
 * replica, as pg_restore --disable-triggers does): the foreign-key ones, which roughly halves the database's
 * work, and the full-text ones of the inbox (a per-message UPDATE of the case would make 5M messages take
 * hours). Parents are committed before or with their children, so the rows hold by construction; a batch of
 * cases goes in one transaction (messages, order links, then the cases with "searchVector" computed by
 * casefile_case_search_vector, the function the triggers call, then who read them), so each seeded vector is
 * exactly what the database computes for the case.
 */
import { randomFillSync } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { v7 as uuidv7 } from "uuid";
import { z } from "zod";

// ───────────────────────────── Options, arguments ─────────────────────────────

export interface ScaleSeedOptions {
  /** Full shop domain (demo.myshopify.com); see normaliseShopDomain. */
  shopDomain: string;
  orders: number;
  cases: number;
  /** Exactly this many messages per case (the first is always the customer's). Default 3. */
  messagesPerCase?: number;
  /** Customers to create; default max(1, ceil(orders / 3)). */
  customers?: number;
  /** Orders or cases per COPY batch. Default 10 000. */
  batchSize?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** COPY statements running at once (connections used). Default 2. */
  concurrency?: number;
  /** "Now" for the generated timeline (ms since epoch). Default Date.now(). */
  now?: number;
  /**
   * Per-row foreign-key triggers while copying: "auto" (default) skips them when the role may set
   * session_replication_role and the tables have no triggers of their own; true always keeps them.
   */
  foreignKeyChecks?: boolean | "auto";
  /** Run ANALYZE on the tables written (default true), or VACUUM (ANALYZE) when "vacuum". */
  analyze?: boolean | "vacuum";
  onProgress?: (progress: SeedProgress) => void;
}

export type SeedTable =
  | "Staff"
  | "Customer"
  | "Order"
  | "LineItem"
  | "Fulfillment"
  | "Case"
  | "CaseOrder"
  | "Message"
  | "CaseRead";

export type SeedPhase = "preparing" | "customers" | "orders" | "cases" | "analyze" | "done";

export interface SeedProgress {
  phase: SeedPhase;
  /** Customers, orders and cases written so far (committed) and planned. */
  units: { customers: number; orders: number; cases: number };
  totals: { customers: number; orders: number; cases: number };
  /** All rows written so far, every table. */
  rows: number;
  rowsByTable: Record<SeedTable, number>;
  elapsedMs: number;
}

export interface ScaleSeedResult {
  shopId: string;
  shopDomain: string;
  shopCreated: boolean;
  rows: Record<SeedTable, number>;
  totalRows: number;
  /** First and last order number written (null when no orders). */
  orderNumbers: { first: number; last: number } | null;
  /** First and last case number written (null when no cases). */
  caseNumbers: { first: number; last: number } | null;
  seconds: number;
  /** Seconds per phase (write phases include their COPY statements). */
  phaseSeconds: Partial<Record<SeedPhase, number>>;
  /** Whether the per-row foreign-key triggers ran, and why not when they did not. */
  foreignKeyChecks: { on: boolean; reason: string };
}

const SHOP_HANDLE = /^[a-z0-9][a-z0-9-]*$/;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** `demo` → `demo.myshopify.com`; a full *.myshopify.com domain is kept (lower-cased). Null when invalid. */
export function normaliseShopDomain(input: string): string | null {
  const value = input.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");
  if (SHOP_DOMAIN.test(value)) return value;
  if (SHOP_HANDLE.test(value)) return `${value}.myshopify.com`;
  return null;
}

export interface SeedCliOptions {
  shopDomain: string;
  orders: number;
  cases: number;
  messagesPerCase: number;
  customers?: number;
  batchSize: number;
  seed: number;
  concurrency: number;
  vacuum: boolean;
  fkChecks: boolean;
}

export type ParsedSeedArgs =
  | { ok: true; help: false; options: SeedCliOptions }
  | { ok: true; help: true }
  | { ok: false; errors: string[] };

export const SEED_USAGE = `Usage: npm run seed -- --shop <name|domain> [options]

  --shop <name>              demo (means demo.myshopify.com) or a full *.myshopify.com domain (required)
  --orders <n>               orders to create (default 1000)
  --cases <n>                cases to create (default 1000)
  --messages-per-case <n>    messages per case, the first from the customer (default 3)
  --customers <n>            customers to create (default orders / 3, at least 1)
  --batch <n>                orders or cases per COPY batch (default 10000)
  --seed <n>                 seed for the generated content (default 1)
  --concurrency <n>          COPY statements in flight at once (default 2)
  --vacuum                   VACUUM (ANALYZE) the tables at the end instead of ANALYZE
  --fk-checks                keep the per-row foreign-key triggers while copying (slower; by default they
                             are skipped when the role may, as pg_restore --disable-triggers does)
  --help                     this text

Needs DATABASE_URL (a migrated PostgreSQL database). Every run appends to the shop.`;

const MAX_ROWS = 100_000_000;

function intArg(name: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d[\d_]*$/, `--${name} must be a whole number, at least ${min}`)
    .transform((s) => Number(s.replaceAll("_", "")))
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, {
      message: `--${name} must be between ${min.toLocaleString("en-US")} and ${max.toLocaleString("en-US")}`,
    });
}

const argsSchema = z.object({
  shop: z
    .string({ error: "--shop is required: a shop name like demo or a domain like demo.myshopify.com" })
    .transform((s, ctx) => {
      const domain = normaliseShopDomain(s);
      if (!domain) {
        ctx.addIssue({
          code: "custom",
          message: `--shop must be a shop name like demo or a domain like demo.myshopify.com (got "${s}")`,
        });
        return z.NEVER;
      }
      return domain;
    }),
  orders: intArg("orders", 0, MAX_ROWS).default(1000),
  cases: intArg("cases", 0, MAX_ROWS).default(1000),
  "messages-per-case": intArg("messages-per-case", 1, 100).default(3),
  customers: intArg("customers", 1, MAX_ROWS).optional(),
  batch: intArg("batch", 1, 1_000_000).default(10_000),
  seed: intArg("seed", 0, 0xffffffff).default(1),
  concurrency: intArg("concurrency", 1, 8).default(2),
  vacuum: z.boolean().default(false),
  "fk-checks": z.boolean().default(false),
});

const VALUE_FLAGS = new Set(["shop", "orders", "cases", "messages-per-case", "customers", "batch", "seed", "concurrency"]);
const BOOLEAN_FLAGS = new Set(["vacuum", "fk-checks", "help"]);

/** Parses `--name value` / `--name=value` arguments. Never throws: problems come back one line each. */
export function parseSeedArgs(argv: readonly string[]): ParsedSeedArgs {
  const errors: string[] = [];
  const raw: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      errors.push(`unexpected argument "${arg}" (options look like --orders 1000)`);
      continue;
    }
    const [, name, inline] = match;
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined) errors.push(`--${name} takes no value`);
      raw[name] = true;
    } else if (VALUE_FLAGS.has(name)) {
      let value = inline;
      if (value === undefined) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith("--")) {
          errors.push(`--${name} needs a value`);
          continue;
        }
        value = next;
        i++;
      }
      if (name in raw) errors.push(`--${name} is given more than once`);
      raw[name] = value;
    } else {
      errors.push(`unknown option --${name} (see --help)`);
    }
  }
  if (raw.help === true) return { ok: true, help: true };

  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      errors.push(issue.message.startsWith("--") ? issue.message : `--${issue.path.join(".")}: ${issue.message}`);
    }
  }
  if (errors.length || !parsed.success) return { ok: false, errors: [...new Set(errors)] };
  const a = parsed.data;
  return {
    ok: true,
    help: false,
    options: {
      shopDomain: a.shop,
      orders: a.orders,
      cases: a.cases,
      messagesPerCase: a["messages-per-case"],
      customers: a.customers,
      batchSize: a.batch,
      seed: a.seed,
      concurrency: a.concurrency,
      vacuum: a.vacuum,
      fkChecks: a["fk-checks"],
    },
  };
}

// ───────────────────────────── Deterministic randomness ─────────────────────────────

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** 32-bit key of a non-negative integer of any size up to 2^53 (Shopify ids, order numbers). */
function keyOf(n: number): number {
  return mix32((n >>> 0) ^ mix32(Math.floor(n / 4294967296) + 0x632be5ab));
}

/** sfc32: small, fast, good enough for test data, and re-seedable per entity. */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, key = 0) {
    this.reseed(seed, key);
  }

  /** The stream for (seed, key): the same pair always gives the same numbers. */
  reseed(seed: number, key: number): this {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(keyOf(key) ^ 0x7f4a7c15);
    this.c = mix32((this.a + this.b) ^ 0x243f6a88);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
    return this;
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** 0 … n-1 */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Log-uniform between lo and hi: most values small, a long tail (response times, delays). */
  logUniform(lo: number, hi: number): number {
    return lo * Math.exp(this.float() * Math.log(hi / lo));
  }

  digits(n: number): string {
    let out = "";
    while (out.length < n) out += String(this.u32() % 1_000_000_000).padStart(9, "0");
    return out.slice(0, n);
  }

  hex(n: number): string {
    let out = "";
    while (out.length < n) {
      const x = this.u32();
      out += HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
    }
    return out.length === n ? out : out.slice(0, n);
  }
}

class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map((e) => e[0]);
    let sum = 0;
    this.cumulative = entries.map((e) => (sum += e[1]));
    this.total = sum;
  }

  pick(r: Rng): T {
    const x = r.float() * this.total;
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (x < c[i]) return this.items[i];
    return this.items[this.items.length - 1];
  }
}

// ───────────────────────────── COPY text helpers ─────────────────────────────

const NULL = "\\N";
const COPY_SPECIAL = /[\\\t\n\r]/;
const HTML_SPECIAL = /[&<>"]/;

/** A value for COPY's text format (backslash, tab, newline and carriage return escaped). */
function copyText(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));
}

function htmlText(value: string): string {
  if (!HTML_SPECIAL.test(value)) return value;
  return value.replace(/[&<>"]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;"));
}

/** A PostgreSQL text[] literal (every element quoted), ready for COPY. */
function textArray(items: readonly string[]): string {
  if (items.length === 0) return "{}";
  return copyText(`{${items.map((s) => `"${s.replace(/["\\]/g, (ch) => `\\${ch}`)}"`).join(",")}}`);
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const DAY_PREFIX = new Map<number, string>();

/**
 * "2025-03-04 05:06:07.089": the UTC wall clock, as Prisma stores DateTime in `timestamp(3)` columns.
 * (Date#toISOString was the seeder's hottest function; the date part is cached per day.)
 */
function ts(ms: number): string {
  const t = Math.round(ms);
  const day = Math.floor(t / 86_400_000);
  let prefix = DAY_PREFIX.get(day);
  if (prefix === undefined) {
    prefix = `${new Date(day * 86_400_000).toISOString().slice(0, 10)} `;
    DAY_PREFIX.set(day, prefix);
  }
  let rest = t - day * 86_400_000;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const sec = rest % 60;
  rest = (rest - sec) / 60;
  const min = rest % 60;
  return `${prefix}${PAD2[(rest - min) / 60]}:${PAD2[min]}:${PAD2[sec]}.${PAD3[milli]}`;
}

function tsNullable(ms: number | null): string {
  return ms == null ? NULL : ts(ms);
}

/** Cents → "12.34" */
function money(cents: number): string {
  const c = Math.round(cents);
  const r = c % 100;
  return `${(c - r) / 100}.${r < 10 ? "0" : ""}${r}`;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1));

function uuidAt(bytes: Uint8Array, index: number): string {
  const o = index * 16;
  const b = bytes;
  return (
    HEX[b[o]] + HEX[b[o + 1]] + HEX[b[o + 2]] + HEX[b[o + 3]] + "-" +
    HEX[b[o + 4]] + HEX[b[o + 5]] + "-" + HEX[b[o + 6]] + HEX[b[o + 7]] + "-" +
    HEX[b[o + 8]] + HEX[b[o + 9]] + "-" + HEX[b[o + 10]] + HEX[b[o + 11]] +
    HEX[b[o + 12]] + HEX[b[o + 13]] + HEX[b[o + 14]] + HEX[b[o + 15]]
  );
}

/**
 * uuid v7 ids (the `uuid` package's layout), time-ordered and monotonic like `v7()`, but with the random
 * bits taken from a 64 KB pool: `v7()` refills a 256-byte pool every 16 ids, a syscall that showed up in profiles.
 */
class IdGenerator {
  private readonly pool = new Uint8Array(16 * 4096);
  private ptr = this.pool.length;
  private msecs = -1;
  private seq = 0;
  private readonly scratch = new Uint8Array(16);

  into(buf: Uint8Array, offset: number): void {
    if (this.ptr >= this.pool.length) {
      randomFillSync(this.pool);
      this.ptr = 0;
    }
    const random = this.pool.subarray(this.ptr, (this.ptr += 16));
    const now = Date.now();
    if (now > this.msecs) {
      this.msecs = now;
      this.seq = ((random[6] & 0x7f) << 23) | (random[7] << 16) | (random[8] << 8) | random[9];
    } else {
      this.seq = (this.seq + 1) | 0;
      if (this.seq === 0) this.msecs++;
    }
    uuidv7({ msecs: this.msecs, seq: this.seq, random }, buf, offset);
  }

  next(): string {
    this.into(this.scratch, 0);
    return uuidAt(this.scratch, 0);
  }
}

// ───────────────────────────── Content ─────────────────────────────

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const YEAR = 365 * DAY;

const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James", "Mia", "William",
  "Amelia", "Benjamin", "Harper", "Lucas", "Evelyn", "Henry", "Abigail", "Alexander", "Emily", "Daniel", "Ella",
  "Michael", "Scarlett", "Mateo", "Grace", "Jack", "Chloe", "Sebastian", "Layla", "Ethan", "Zoe", "Samuel", "Nora",
  "David", "Lily", "Joseph", "Hannah", "Carter", "Aria", "Owen", "Riley", "Wyatt", "Aaliyah", "John", "Camila",
  "Leo", "Priya", "Arjun", "Mei", "Hiroshi", "Fatima", "Omar", "Sofia", "Diego", "Ingrid", "Lars", "Chiara",
  "Marco", "Aisha", "Kwame", "Yuki", "Nadia",
] as const;

const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
  "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
  "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
  "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Kim", "Chen", "Singh", "Okafor",
  "Mensah", "Kowalski", "Novak", "Larsen", "Rossi", "Schmidt", "Dubois", "Tanaka", "Haddad",
] as const;

/** Reserved example domains: nothing generated here can reach a real mailbox. */
const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"] as const;

const CITIES = [
  ["Austin", "Texas", "TX", "787"], ["Portland", "Oregon", "OR", "972"], ["Denver", "Colorado", "CO", "802"],
  ["Chicago", "Illinois", "IL", "606"], ["Seattle", "Washington", "WA", "981"], ["Brooklyn", "New York", "NY", "112"],
  ["Atlanta", "Georgia", "GA", "303"], ["Boston", "Massachusetts", "MA", "021"], ["Minneapolis", "Minnesota", "MN", "554"],
  ["San Diego", "California", "CA", "921"], ["Phoenix", "Arizona", "AZ", "850"], ["Nashville", "Tennessee", "TN", "372"],
  ["Raleigh", "North Carolina", "NC", "276"], ["Salt Lake City", "Utah", "UT", "841"], ["Columbus", "Ohio", "OH", "432"],
  ["Miami", "Florida", "FL", "331"], ["Madison", "Wisconsin", "WI", "537"], ["Pittsburgh", "Pennsylvania", "PA", "152"],
  ["Kansas City", "Missouri", "MO", "641"], ["Boise", "Idaho", "ID", "837"],
] as const;

const STREETS = [
  "Maple Street", "Oak Avenue", "Cedar Lane", "Pine Street", "Elm Street", "Washington Avenue", "Lake Drive",
  "Hillcrest Road", "Park Place", "Sunset Boulevard", "River Road", "Highland Avenue", "Meadow Lane", "Church Street",
  "Spring Street", "Willow Way",
] as const;

interface Product {
  index: number;
  title: string;
  vendor: string;
  productType: string;
  price: number; // cents
  variants: string[];
  tags: string[];
  handle: string;
  sku: string;
  /** Clothing and shoes: comes in sizes, can be washed. */
  sized: boolean;
}

const PRODUCT_SPECS: Array<[string, string, string, number, string[], string[]]> = [
  ["Merino Crew Sweater", "Northwind Knits", "Sweaters", 8900, ["S / Oatmeal", "M / Oatmeal", "L / Charcoal", "M / Navy", "XL / Navy"], ["bestseller"]],
  ["Everyday Canvas Tote", "Harbor Goods", "Bags", 3800, ["Natural", "Black", "Olive"], []],
  ["Trail Runner 2", "Ridgeline Footwear", "Shoes", 12800, ["US 7", "US 8", "US 9", "US 10", "US 11", "US 12"], ["bestseller"]],
  ["Waxed Field Jacket", "Northwind Knits", "Outerwear", 22900, ["S / Olive", "M / Olive", "L / Brown", "XL / Brown"], []],
  ["Organic Cotton Tee", "Harbor Goods", "T-Shirts", 2800, ["XS / White", "S / Black", "M / Heather Grey", "L / White", "XL / Black"], []],
  ["Ceramic Pour-Over Set", "Kiln Studio", "Kitchen", 5400, ["White", "Speckled"], []],
  ["Insulated Water Bottle 750ml", "Summit Supply", "Drinkware", 3200, ["Slate", "Sage", "Sand"], []],
  ["Linen Button-Down Shirt", "Harbor Goods", "Shirts", 6800, ["S", "M", "L", "XL"], []],
  ["Wool Beanie", "Northwind Knits", "Accessories", 2400, ["Charcoal", "Rust", "Forest"], []],
  ["Leather Card Wallet", "Harbor Goods", "Accessories", 4500, ["Tan", "Black"], []],
  ["Down Puffer Vest", "Summit Supply", "Outerwear", 14900, ["S", "M", "L", "XL"], []],
  ["Hiking Socks 3-Pack", "Ridgeline Footwear", "Socks", 2200, ["S", "M", "L"], []],
  ["Weekender Duffel Bag", "Harbor Goods", "Bags", 16500, ["Olive", "Navy"], []],
  ["Rain Shell Jacket", "Summit Supply", "Outerwear", 17900, ["S / Yellow", "M / Yellow", "L / Black", "XL / Black"], ["new"]],
  ["Slim Chino Pants", "Harbor Goods", "Pants", 7800, ["30 / Khaki", "32 / Khaki", "34 / Navy", "36 / Navy"], []],
  ["Cashmere Scarf", "Northwind Knits", "Accessories", 9800, ["Camel", "Grey"], ["final-sale"]],
  ["Enamel Camp Mug", "Summit Supply", "Drinkware", 1800, ["White", "Blue"], []],
  ["Cedar and Sage Soy Candle", "Kiln Studio", "Home", 3400, ["8 oz", "14 oz"], []],
  ["Stoneware Dinner Plates (Set of 4)", "Kiln Studio", "Kitchen", 7200, ["Ivory", "Slate"], []],
  ["Trail Daypack 22L", "Summit Supply", "Bags", 11900, ["Black", "Moss"], ["bestseller"]],
  ["Classic Polarized Sunglasses", "Harbor Goods", "Eyewear", 9500, ["Tortoise", "Black"], ["final-sale"]],
  ["Fleece Quarter Zip", "Summit Supply", "Sweaters", 7900, ["S", "M", "L", "XL"], []],
  ["Leather Chelsea Boots", "Ridgeline Footwear", "Shoes", 21500, ["US 8", "US 9", "US 10", "US 11"], []],
  ["Cork Yoga Mat", "Summit Supply", "Fitness", 6800, ["Default Title"], ["new"]],
  ["Wool Throw Blanket", "Northwind Knits", "Home", 12900, ["Oatmeal", "Charcoal"], []],
  ["Bamboo Cutting Board", "Kiln Studio", "Kitchen", 3900, ["Medium", "Large"], []],
];

const PRODUCTS: Product[] = PRODUCT_SPECS.map(([title, vendor, productType, price, variants, tags], index) => {
  const handle = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const sku = title.replace(/[^A-Za-z ]/g, "").split(" ").filter(Boolean).map((w) => w.slice(0, 2).toUpperCase()).join("").slice(0, 6);
  const sized = ["Sweaters", "Outerwear", "T-Shirts", "Shirts", "Shoes", "Pants", "Socks"].includes(productType);
  return { index, title, vendor, productType, price, variants, tags, handle, sku, sized };
});
const SIZED_PRODUCTS = PRODUCTS.filter((p) => p.sized);

interface Carrier {
  name: string;
  number: (r: Rng) => string;
  url: (n: string) => string;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const CARRIERS = new Weighted<Carrier>([
  [{ name: "USPS", number: (r) => `9400${r.digits(18)}`, url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` }, 40],
  [
    {
      name: "UPS",
      number: (r) => `1Z${Array.from({ length: 6 }, () => ALNUM[r.int(36)]).join("")}03${r.digits(8)}`,
      url: (n) => `https://www.ups.com/track?tracknum=${n}`,
    },
    25,
  ],
  [{ name: "FedEx", number: (r) => r.digits(12), url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}` }, 20],
  [
    {
      name: "DHL Express",
      number: (r) => r.digits(10),
      url: (n) => `https://www.dhl.com/us-en/home/tracking/tracking-express.html?submit=1&tracking-id=${n}`,
    },
    10,
  ],
  [
    {
      name: "Canada Post",
      number: (r) => r.digits(16),
      url: (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${n}`,
    },
    5,
  ],
]);

const CANCEL_REASONS = ["customer", "inventory", "fraud", "declined", "other"] as const;
const ORDER_NOTES = [
  "Please leave the parcel at the side door.",
  "This is a gift, please do not include the receipt.",
  "Ring the bell twice, the buzzer is broken.",
  "Could you use plastic-free packaging?",
  "Deliver to the front desk.",
] as const;

export const CASE_TOPICS = [
  "WHERE_IS_MY_ORDER", "RETURN", "REFUND", "CANCEL", "BILLING", "PRODUCT_QUESTION", "DAMAGED_OR_WRONG", "ACCOUNT", "OTHER",
] as const;
export type CaseTopic = (typeof CASE_TOPICS)[number];

interface Scenario {
  /** About a specific order ({order} in the texts); otherwise for cases without one. */
  order: boolean;
  /** "tracking": only for orders that shipped ({carrier}, {tracking}); "unshipped": only for orders that did not. */
  needs?: "tracking" | "unshipped";
  /** About fit, size or washing: only for clothing and shoes. */
  sized?: boolean;
  subjects: string[];
  opening: string[];
  /** The first staff answer. */
  reply: string[];
  /** The customer's answer to a staff reply. */
  followUp: string[];
  /** Later staff answers to the customer (generic ones when absent). */
  nextReply?: string[];
  notes: string[];
}

interface TopicContent {
  weight: number;
  /** Share of cases about this topic that link an order. */
  linkShare: number;
  /** How long after the order a customer typically writes (days). */
  afterOrderDays: [number, number];
  tags: string[];
  scenarios: Scenario[];
}

const TOPICS: Record<CaseTopic, TopicContent> = {
  WHERE_IS_MY_ORDER: {
    weight: 30,
    linkShare: 0.97,
    afterOrderDays: [2, 16],
    tags: ["wismo", "shipping-delay", "carrier-trace"],
    scenarios: [
      {
        order: true,
        needs: "tracking",
        subjects: ["Where is my order {order}?", "Tracking for {order} not updating", "Any update on order {order}?"],
        opening: [
          "Hi,\n\nI ordered the {product} (order {order}) and it still hasn't arrived. The tracking page hasn't changed in a few days. Can you tell me where it is?\n\nThanks,\n{first}",
          "Hello,\n\nThe {carrier} tracking for {order} has said in transit for days. Is it lost?\n\n{first}",
        ],
        reply: [
          "Hi {first},\n\nThanks for reaching out! Your order {order} shipped with {carrier}, tracking number {tracking}. It's in transit and should reach you in the next few days.\n\nBest,\n{agent}",
          "Hi {first},\n\nI looked into {order}: {carrier} has the parcel (tracking {tracking}) and their last scan was at your local facility, so delivery should be very soon. I'll keep an eye on it too.\n\n{agent}",
        ],
        followUp: ["Thanks {agent}, I see it moving now.", "It arrived today, thank you for checking!", "The tracking still says the same thing, can you look again?\n\n{first}"],
        nextReply: [
          "Hi {first},\n\nI've opened a trace with {carrier} for tracking {tracking} and will update you within 48 hours. If it doesn't turn up, we'll send a replacement.\n\n{agent}",
        ],
        notes: ["Checked with {carrier}: parcel scanned at the regional hub yesterday, no exceptions.", "Opened a trace with {carrier} for {tracking}."],
      },
      {
        order: true,
        needs: "tracking",
        subjects: ["Order {order} says delivered but it isn't here", "{order} marked as delivered, not received"],
        opening: [
          "Hi,\n\nThe tracking for order {order} says it was delivered yesterday, but there's nothing at my door and my neighbours haven't seen it either.\n\n{first}",
        ],
        reply: [
          "Hi {first},\n\nI'm sorry to hear that! Parcels marked delivered sometimes turn up a day later. Could you check around your building and with your mailroom? If it's still missing tomorrow, reply here and I'll send a replacement for {order}.\n\n{agent}",
        ],
        followUp: ["Found it, it was with my neighbour. Thanks!", "Still nothing, I checked everywhere.\n\n{first}"],
        nextReply: ["Hi {first},\n\nThanks for checking. I've sent a replacement for {order} today; you'll get a new tracking number by email shortly.\n\n{agent}"],
        notes: ["{carrier} shows delivered with a GPS scan at the address; replacement approved anyway, low value.", "Filed a missing-parcel claim with {carrier}."],
      },
      {
        order: true,
        needs: "unshipped",
        subjects: ["When will order {order} ship?", "Order {order} hasn't shipped yet", "Still waiting for {order}"],
        opening: [
          "Hello,\n\nI placed order {order} a few days ago and it still hasn't shipped. When can I expect it?\n\n{first}",
          "Hi there, I'm still waiting on order {order}. It's a birthday present so I'd really like to know when it will get here. Thank you!\n\n{first}",
        ],
        reply: [
          "Hi {first},\n\nThanks for your patience! Order {order} is being packed at our warehouse and will ship within 1-2 business days. You'll get an email with tracking as soon as it leaves.\n\nBest,\n{agent}",
          "Hi {first},\n\nSorry for the wait. The {product} in order {order} was restocked this week, so it's first in line and will go out tomorrow.\n\n{agent}",
        ],
        followUp: ["Great, thanks for the update!", "OK. Could you upgrade the shipping so it arrives by Friday?"],
        nextReply: ["Hi {first},\n\nDone: I've upgraded {order} to express shipping at no cost, so it should arrive in time.\n\n{agent}"],
        notes: ["Asked the warehouse to prioritise {order}.", "Backordered item, restock expected Thursday."],
      },
      {
        order: false,
        subjects: ["Where is my order?", "Haven't received my package yet"],
        opening: [
          "Hi,\n\nI placed an order last week and haven't received anything yet, not even a shipping confirmation. Can you help?\n\n{first}",
          "Hello, where is my package? I can't find my order number but the order is under this email address.\n\nThanks,\n{first}",
        ],
        reply: ["Hi {first},\n\nThanks for reaching out! Could you send me your order number, or the email address you used at checkout? I'll look into it straight away.\n\n{agent}"],
        followUp: ["Sorry, I used my work email. I've forwarded the confirmation.", "I've forwarded the confirmation email with the order number."],
        nextReply: ["Hi {first},\n\nFound it, thanks! Your parcel is with the carrier and due to arrive tomorrow. I've re-sent the shipping confirmation to you.\n\n{agent}"],
        notes: ["Order was placed with a different email address; found it by the shipping address."],
      },
    ],
  },
  RETURN: {
    weight: 15,
    linkShare: 0.95,
    afterOrderDays: [5, 40],
    tags: ["return", "exchange"],
    scenarios: [
      {
        order: true,
        subjects: ["Return request for order {order}", "Return label for {order}"],
        opening: ["Hello, I'd like to return the {product} (order {order}). It's unworn with the tags still on. How do I get a return label?\n\n{first}"],
        reply: ["Hi {first},\n\nNo problem at all! I've approved the return for {order} and emailed you a prepaid label. Once the parcel is scanned we'll refund you within 3-5 business days.\n\n{agent}"],
        followUp: ["Great, I'll drop it off tomorrow.", "Thanks, label received!"],
        nextReply: ["Hi {first},\n\nThe return for {order} has arrived at our warehouse and your refund is on its way.\n\n{agent}"],
        notes: ["Return approved, label sent.", "Outside the 30-day window by 3 days; approved as a courtesy."],
      },
      {
        order: true,
        subjects: ["Exchange the {product} from {order}", "How do I exchange the {product}?"],
        sized: true,
        opening: ["Hi,\n\nThe {product} from order {order} doesn't fit. Can I exchange it for a different size?\n\nThanks,\n{first}"],
        reply: ["Hi {first},\n\nHappy to help! Reply with the size you'd like and I'll set up an exchange for the {product}; the return label is on us.\n\nBest,\n{agent}"],
        followUp: ["Could I get a size M instead?", "One size up please, thank you!"],
        nextReply: ["Hi {first},\n\nDone! The new size ships as soon as your return is scanned, and I've emailed the label for {order}.\n\n{agent}"],
        notes: ["Exchange: reserved one in the new size before it sells out."],
      },
      {
        order: false,
        subjects: ["How do returns work?", "I'd like to return an item"],
        opening: ["Hi, what is your return policy? I bought something a couple of weeks ago and it isn't quite right.\n\n{first}"],
        reply: [
          "Hi {first},\n\nYou have 30 days from delivery to return unworn items with the tags on; items marked final sale can't be returned. You can start a return from your order status page, or reply with your order number and I'll do it for you.\n\n{agent}",
        ],
        followUp: ["Thanks, I'll start it from the order page.", "I'll forward you the order confirmation."],
        notes: ["Sent the return policy link."],
      },
    ],
  },
  REFUND: {
    weight: 10,
    linkShare: 0.97,
    afterOrderDays: [7, 45],
    tags: ["refund", "refund-request"],
    scenarios: [
      {
        order: true,
        subjects: ["Refund for order {order}", "When will I get my refund for {order}?"],
        opening: ["Hi,\n\nI sent back the {product} from order {order} over a week ago and haven't seen the refund yet. Can you check?\n\n{first}"],
        reply: [
          "Hi {first},\n\nI checked {order}: the return arrived at our warehouse yesterday, so the refund will be processed within 48 hours. I'll confirm once it's done.\n\nBest,\n{agent}",
          "Hi {first},\n\nYour refund for {order} was issued today. Depending on your bank it can take 5-10 business days to show on your statement.\n\n{agent}",
        ],
        followUp: ["Thank you, I'll watch for it.", "I still don't see it, is there a reference number?"],
        nextReply: ["Hi {first},\n\nThe refund for {order} went out on our side; your bank can trace it with the order number. Let me know if it hasn't arrived by the end of the week.\n\n{agent}"],
        notes: ["Refund issued in Shopify, amount matches the returned items."],
      },
      {
        order: true,
        subjects: ["Refund status for {order}", "Refund for {order} is too low"],
        opening: ["Hello, the refund for {order} is less than I paid. Was shipping deducted?\n\nThanks,\n{first}"],
        reply: ["Hi {first},\n\nYes: original shipping isn't refundable, so the refund for {order} covers the items only. I'm sorry that wasn't clearer!\n\n{agent}"],
        followUp: ["Ah OK, that makes sense.", "That wasn't clear on the website at all."],
        nextReply: ["Hi {first},\n\nFair point. I've refunded the shipping on {order} as a one-off and passed your feedback on to the team.\n\n{agent}"],
        notes: ["Original shipping is not refundable per policy, explained to customer.", "Refunded shipping as a goodwill gesture."],
      },
      {
        order: false,
        subjects: ["Refund status", "Still waiting for my refund"],
        opening: ["Hi, I returned my order two weeks ago and I'm still waiting for my money back.\n\n{first}"],
        reply: ["Hi {first},\n\nSorry for the wait! Could you send me the order number or the return tracking number? Then I can see exactly where your refund is.\n\n{agent}"],
        followUp: ["Here is the tracking number from the return label.", "I've forwarded the order confirmation."],
        notes: ["Return found by tracking number; refund issued."],
      },
    ],
  },
  CANCEL: {
    weight: 6,
    linkShare: 0.98,
    afterOrderDays: [0, 1],
    tags: ["cancellation"],
    scenarios: [
      {
        order: true,
        needs: "unshipped",
        subjects: ["Please cancel order {order}", "Cancel my order {order}"],
        opening: ["Hi,\n\nI placed order {order} by mistake. Please cancel it before it ships.\n\n{first}"],
        reply: ["Hi {first},\n\nDone! Order {order} is cancelled and the payment has been voided, so you won't be charged.\n\n{agent}"],
        followUp: ["Thank you so much!"],
        notes: ["Cancelled before fulfilment, payment voided."],
      },
      {
        order: true,
        needs: "tracking",
        subjects: ["Can I still cancel {order}?"],
        opening: ["Hello, can I still cancel {order}? I found the {product} locally.\n\nThanks,\n{first}"],
        reply: ["Hi {first},\n\nI'm sorry, {order} already left our warehouse with {carrier}. Once it arrives you can send it back free of charge and we'll refund you in full.\n\nBest,\n{agent}"],
        followUp: ["OK, I'll return it when it arrives."],
        notes: ["Too late to cancel, already handed to {carrier}."],
      },
      {
        order: false,
        subjects: ["I need to cancel my order", "Ordered twice by mistake"],
        opening: ["Hi, I ordered twice by accident. Can you cancel one of them?\n\n{first}"],
        reply: ["Hi {first},\n\nI found both orders and cancelled the second one; its payment has been voided.\n\n{agent}"],
        followUp: ["Perfect, thanks!"],
        notes: ["Duplicate order cancelled."],
      },
    ],
  },
  BILLING: {
    weight: 5,
    linkShare: 0.9,
    afterOrderDays: [0, 30],
    tags: ["billing", "chargeback-risk"],
    scenarios: [
      {
        order: true,
        subjects: ["Charged twice for {order}", "Question about the charge for {order}"],
        opening: ["Hi,\n\nI see two charges on my card for order {order}. Can you refund the duplicate?\n\n{first}"],
        reply: ["Hi {first},\n\nThe second line is a pending authorisation, not a charge; your bank will release it within a few days. You were only charged once for {order}.\n\n{agent}"],
        followUp: ["That makes sense, thanks.", "It's still there after a week."],
        nextReply: ["Hi {first},\n\nI've checked with our payment provider: the authorisation for {order} was released on our side, so it should drop off your statement within 1-2 days.\n\n{agent}"],
        notes: ["Only one capture in the payment timeline, the other is an authorisation."],
      },
      {
        order: true,
        subjects: ["Invoice for order {order}"],
        opening: ["Hello, could you send me an invoice for order {order}? I need it for my company.\n\nThanks,\n{first}"],
        reply: ["Hi {first},\n\nI've attached the invoice for {order}. Let me know if you need any other details on it.\n\nBest,\n{agent}"],
        followUp: ["Perfect, that's what I needed.", "Could you add our company name to it?"],
        nextReply: ["Hi {first},\n\nHere's the updated invoice for {order} with your company name.\n\n{agent}"],
        notes: ["Invoice sent from the order page."],
      },
      {
        order: true,
        subjects: ["Discount code not applied to {order}"],
        opening: ["Hi, I used the code WELCOME10 on order {order} but the discount wasn't applied.\n\n{first}"],
        reply: ["Hi {first},\n\nSorry about that! I've refunded the 10% difference on {order}; you'll see it in a few days.\n\n{agent}"],
        followUp: ["Great, thank you!"],
        notes: ["Refunded the missing discount manually."],
      },
      {
        order: false,
        subjects: ["Double charge on my card", "Charged but no confirmation"],
        opening: ["Hi, my card was charged but I never got an order confirmation. What happened?\n\n{first}"],
        reply: ["Hi {first},\n\nI'm sorry for the confusion! That's a pending authorisation from a checkout that didn't complete; your bank will release it within a few days and you haven't been charged.\n\n{agent}"],
        followUp: ["Thanks for explaining."],
        notes: ["No completed order for this email; the charge is an abandoned checkout authorisation."],
      },
    ],
  },
  PRODUCT_QUESTION: {
    weight: 12,
    linkShare: 0.3,
    afterOrderDays: [0, 20],
    tags: ["pre-sale", "sizing"],
    scenarios: [
      {
        order: true,
        subjects: ["Care instructions for the {product}"],
        sized: true,
        opening: ["Hi,\n\nI just got the {product} from order {order}. How should I wash it so it doesn't shrink?\n\n{first}"],
        reply: ["Hi {first},\n\nCold wash and lay flat to dry, and the {product} will keep its shape for years.\n\n{agent}"],
        followUp: ["Thanks, that's really helpful!"],
        notes: ["Added care instructions to the FAQ draft."],
      },
      {
        order: false,
        subjects: ["Sizing help for the {product}", "Question about the {product}"],
        sized: true,
        opening: ["Hi,\n\nI'm between sizes for the {product}. I'm usually a medium, does it run small?\n\nThanks,\n{first}"],
        reply: ["Hi {first},\n\nGreat question! The {product} fits true to size; if you're between sizes, most customers size up.\n\n{agent}"],
        followUp: ["Perfect, I'll order a size up."],
        notes: ["Forwarded the sizing question to the product team for the FAQ."],
      },
      {
        order: false,
        subjects: ["Is the {product} back in stock?"],
        opening: ["Hello, will the {product} be back in stock soon? I'd like to order two.\n\n{first}"],
        reply: ["Hi {first},\n\nWe expect the {product} back in stock in about two weeks. I've added you to the waitlist so you'll get an email when it's available.\n\nBest,\n{agent}"],
        followUp: ["Great, please let me know when it's back."],
        notes: ["Restock ETA from the supplier: two weeks."],
      },
      {
        order: false,
        subjects: ["{product}: is it machine washable?", "Question about the {product}"],
        sized: true,
        opening: ["Hi there! Is the {product} machine washable?\n\n{first}"],
        reply: ["Hi {first},\n\nYes: cold wash and lay flat to dry, and the {product} will keep its shape for years.\n\n{agent}"],
        followUp: ["Thanks, that's really helpful!"],
        notes: ["Care instructions are missing from the product page, asked to add them."],
      },
    ],
  },
  DAMAGED_OR_WRONG: {
    weight: 9,
    linkShare: 0.97,
    afterOrderDays: [2, 12],
    tags: ["damaged", "wrong-item", "replacement-sent"],
    scenarios: [
      {
        order: true,
        subjects: ["{product} arrived damaged", "Order {order} arrived damaged"],
        opening: ["Hi,\n\nThe {product} from order {order} arrived broken. The box was crushed. I've attached photos.\n\n{first}"],
        reply: ["Hi {first},\n\nI'm so sorry about that! I've sent a replacement {product} for {order} at no cost; you'll get tracking shortly. No need to send the damaged one back.\n\n{agent}"],
        followUp: ["Thank you, that's great service.", "Received the replacement, all good!"],
        notes: ["Replacement order created, flagged carrier damage claim."],
      },
      {
        order: true,
        subjects: ["Wrong item in order {order}"],
        sized: true,
        opening: ["Hello, I received the wrong size of the {product} in order {order}. Can you send the right one?\n\n{first}"],
        reply: ["Hi {first},\n\nApologies for the mix-up! The right size is on its way today, and I've emailed you a prepaid label for the wrong one.\n\nBest,\n{agent}"],
        followUp: ["Do I need to send the wrong one back first?", "Thanks for sorting it out so quickly."],
        nextReply: ["Hi {first},\n\nNo need to wait: send it back whenever it suits you, the replacement is already on its way.\n\n{agent}"],
        notes: ["Warehouse pick error, reported to the fulfilment team."],
      },
      {
        order: true,
        subjects: ["Missing item from {order}"],
        opening: ["Hi, my order {order} arrived but the {product} was missing from the box.\n\nThanks,\n{first}"],
        reply: ["Hi {first},\n\nSorry about that! It looks like {order} shipped in two parcels; if the second one hasn't arrived by tomorrow, let me know and I'll send the {product} again.\n\n{agent}"],
        followUp: ["The second parcel came today, thanks!", "Still missing, sorry."],
        nextReply: ["Hi {first},\n\nI've sent the {product} again by express; you'll get tracking within the hour.\n\n{agent}"],
        notes: ["Split shipment, second parcel in transit."],
      },
      {
        order: false,
        subjects: ["Item arrived damaged", "I received the wrong item"],
        opening: ["Hi, my package arrived damaged and one item is broken. What should I do?\n\n{first}"],
        reply: ["Hi {first},\n\nI'm so sorry! Could you send me your order number and a photo of the damage? I'll get a replacement out right away.\n\n{agent}"],
        followUp: ["Photo attached, and I've forwarded the order confirmation."],
        notes: ["Asked for photos and the order number."],
      },
    ],
  },
  ACCOUNT: {
    weight: 5,
    linkShare: 0.2,
    afterOrderDays: [0, 60],
    tags: ["account", "privacy"],
    scenarios: [
      {
        order: true,
        subjects: ["Can't see order {order} in my account"],
        opening: ["Hi, order {order} doesn't show up in my account even though I used the same email. Can you link it?\n\n{first}"],
        reply: ["Hi {first},\n\nThe order was placed as a guest checkout, so it wasn't linked. I've attached {order} to your account; you should see it now.\n\n{agent}"],
        followUp: ["I can see it now, thanks!"],
        notes: ["Guest order linked to the customer account."],
      },
      {
        order: false,
        subjects: ["Can't log in to my account"],
        opening: ["Hi,\n\nI can't log in to my account, the login code never arrives. Can you help?\n\n{first}"],
        reply: ["Hi {first},\n\nThe login codes were landing in your spam folder. Could you check there and mark us as safe? You should be able to sign in then.\n\n{agent}"],
        followUp: ["It works now, thanks!", "Still not receiving the code, sorry."],
        nextReply: ["Hi {first},\n\nI've reset the login on our side; a new code should arrive within a minute.\n\n{agent}"],
        notes: ["Login codes were landing in the customer's spam folder."],
      },
      {
        order: false,
        subjects: ["Change the email on my account"],
        opening: ["Hello, please change the email on my account to my new address. Thank you!\n\n{first}"],
        reply: ["Hi {first},\n\nDone, your account now uses your new email address.\n\nBest,\n{agent}"],
        followUp: ["Thank you!"],
        notes: ["Email changed after verifying the last order's shipping address."],
      },
      {
        order: false,
        subjects: ["Please delete my account", "Unsubscribe me from marketing emails"],
        opening: ["Please delete my account and my data, and stop sending me emails.\n\n{first}"],
        reply: ["Hi {first},\n\nI've unsubscribed you from all marketing emails and started the deletion of your account and data; you'll get a confirmation once it's complete.\n\n{agent}"],
        followUp: ["Thank you."],
        notes: ["Data deletion request: handled through the customer privacy flow."],
      },
    ],
  },
  OTHER: {
    weight: 8,
    linkShare: 0.35,
    afterOrderDays: [0, 30],
    tags: ["wholesale", "feedback"],
    scenarios: [
      {
        order: true,
        subjects: ["Gift note for {order}"],
        opening: ["Hi, can you add a gift note to order {order}? It should say Happy Birthday, love from {first}.\n\nThanks!"],
        reply: ["Hi {first},\n\nOf course! I've added the note to {order} and made sure the receipt isn't in the box.\n\n{agent}"],
        followUp: ["You're the best, thank you!"],
        notes: ["Gift note added to the packing slip."],
      },
      {
        order: false,
        subjects: ["Wholesale inquiry"],
        opening: ["Hi,\n\nI run a small shop and I'd love to stock your products. Do you offer wholesale pricing?\n\n{first}"],
        reply: ["Hi {first},\n\nThanks for getting in touch! I've passed this on to our wholesale team and they'll follow up with our price list this week.\n\n{agent}"],
        followUp: ["Sounds good, looking forward to hearing from you."],
        notes: ["Forwarded to the wholesale inbox."],
      },
      {
        order: false,
        subjects: ["Do you ship to Canada?"],
        opening: ["Hello, do you ship to Canada, and are duties included?\n\n{first}"],
        reply: ["Hi {first},\n\nYes, we ship to Canada; duties are calculated at checkout so there are no surprises on delivery.\n\nBest,\n{agent}"],
        followUp: ["Thanks for the quick answer!"],
        notes: ["Pointed to the international shipping page."],
      },
      {
        order: false,
        subjects: ["Feedback about your store", "Love the {product}!"],
        opening: ["Just wanted to say I love the {product}. Great quality!\n\n{first}"],
        reply: ["Hi {first},\n\nThank you so much for the kind words! I've shared them with the whole team.\n\n{agent}"],
        followUp: ["Keep up the good work!"],
        notes: ["Nice feedback, shared with the team."],
      },
    ],
  },
};

const TOPIC_PICK = new Weighted<CaseTopic>(CASE_TOPICS.map((t) => [t, TOPICS[t].weight] as const));

const CUSTOMER_NUDGES = [
  "Hi, just following up on my message below. Any update?\n\n{first}",
  "Hello? I haven't heard back yet and I'd appreciate a reply.\n\n{first}",
  "Sorry to bother you again, could someone look at this please?\n\n{first}",
];
const STAFF_NUDGES = [
  "Hi {first},\n\nJust checking in: did you get a chance to look at my previous message?\n\n{agent}",
  "Hi {first},\n\nQuick follow-up on this. Let me know if there's anything else I can do.\n\n{agent}",
];
const STAFF_CLOSINGS = [
  "Hi {first},\n\nGlad we could sort this out! I'll close this case for now, but just reply to this email if anything else comes up.\n\nHave a great day,\n{agent}",
  "Hi {first},\n\nYou're very welcome! Thanks for shopping with {shop}.\n\n{agent}",
  "Hi {first},\n\nPerfect, I'm marking this as resolved. We're here if you need anything else.\n\nBest,\n{agent}",
];
const STAFF_REPLIES_GENERIC = [
  "Hi {first},\n\nThanks for letting me know! I've made a note and will follow up as soon as I hear back from the team.\n\n{agent}",
  "Hi {first},\n\nUnderstood. I've looked into it again and everything is now in place on our side.\n\nBest,\n{agent}",
];
const STAFF_NOTES_GENERIC = [
  "Checked the order timeline, nothing unusual.",
  "Waiting to hear back from the warehouse.",
  "Asked the team lead for a second look.",
  "Will follow up tomorrow morning.",
];
const CUSTOMER_THANKS = ["Thanks so much, all sorted!\n\n{first}", "Perfect, thank you {agent}!", "Thank you for the help."];

type VarName = "first" | "agent" | "order" | "product" | "carrier" | "tracking" | "shop";
type Vars = Record<VarName, string>;

interface Template {
  text: string[];
  html: string[];
  keys: VarName[];
}

/** Splits a template into literal parts (already COPY-escaped, and as HTML paragraphs) and placeholders. */
function compile(source: string): Template {
  const html = source
    .split("\n\n")
    .map((p) => `<p>${htmlText(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
  const split = (s: string) => s.split(/\{(\w+)\}/);
  const textParts = split(source);
  const htmlParts = split(html);
  const keys = textParts.filter((_, i) => i % 2 === 1) as VarName[];
  return {
    text: textParts.filter((_, i) => i % 2 === 0).map(copyText),
    html: htmlParts.filter((_, i) => i % 2 === 0).map(copyText),
    keys,
  };
}

const compileAll = (list: string[]) => list.map(compile);

interface CompiledScenario {
  sized: boolean;
  subjects: Template[];
  opening: Template[];
  reply: Template[];
  followUp: Template[];
  nextReply: Template[];
  notes: Template[];
}

const STAFF_NUDGE = compileAll(STAFF_NUDGES);
const CLOSINGS = compileAll(STAFF_CLOSINGS);
const GENERIC_REPLIES = compileAll(STAFF_REPLIES_GENERIC);
const NUDGES = compileAll(CUSTOMER_NUDGES);
const THANKS = compileAll(CUSTOMER_THANKS);
const GENERIC_NOTES = compileAll(STAFF_NOTES_GENERIC);

/** Per topic, the scenarios that fit a case: no order, an order that shipped, an order that did not. */
const SCENARIOS: Record<CaseTopic, { none: CompiledScenario[]; shipped: CompiledScenario[]; unshipped: CompiledScenario[] }> =
  Object.fromEntries(
    CASE_TOPICS.map((topic) => {
      const compiled = TOPICS[topic].scenarios.map((s) => ({
        source: s,
        c: {
          sized: s.sized === true,
          subjects: compileAll(s.subjects),
          opening: compileAll(s.opening),
          reply: compileAll(s.reply),
          followUp: compileAll(s.followUp),
          nextReply: s.nextReply ? compileAll(s.nextReply) : GENERIC_REPLIES,
          notes: compileAll(s.notes),
        },
      }));
      const none = compiled.filter((x) => !x.source.order).map((x) => x.c);
      const shipped = compiled.filter((x) => x.source.order && x.source.needs !== "unshipped").map((x) => x.c);
      const unshipped = compiled.filter((x) => x.source.order && x.source.needs !== "tracking").map((x) => x.c);
      return [topic, { none, shipped: shipped.length ? shipped : none, unshipped: unshipped.length ? unshipped : none }];
    }),
  ) as Record<CaseTopic, { none: CompiledScenario[]; shipped: CompiledScenario[]; unshipped: CompiledScenario[] }>;

function renderText(t: Template, v: Vars): string {
  let out = t.text[0];
  for (let i = 0; i < t.keys.length; i++) out += v[t.keys[i]] + t.text[i + 1];
  return out;
}

function renderHtml(t: Template, v: Vars): string {
  let out = t.html[0];
  for (let i = 0; i < t.keys.length; i++) out += v[t.keys[i]] + t.html[i + 1];
  return out;
}

// ───────────────────────────── Customers ─────────────────────────────

const CUSTOMER_ID_BASE = 7_100_000_000_000;
const ORDER_ID_BASE = 5_900_000_000_000;
const LINE_ITEM_ID_BASE = 14_800_000_000_000;
const FULFILLMENT_ID_BASE = 5_500_000_000_000;
const PRODUCT_ID_BASE = 8_200_000_000_000;
const VARIANT_ID_BASE = 44_100_000_000_000;

interface Identity {
  first: string;
  last: string;
  email: string;
  phone: string | null;
  address: string; // JSON, COPY-safe
}

/** A generated customer's identity, a pure function of the seed and its Shopify id. */
function customerIdentity(seed: number, shopifyId: number, r: Rng): Identity {
  r.reseed(seed ^ 0x5eed0c57, shopifyId);
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  const n = shopifyId % 10_000_000;
  const style = r.int(4);
  const local =
    style === 0 ? `${first}.${last}${n}` : style === 1 ? `${first}${last}${n}` : style === 2 ? `${first[0]}${last}.${n}` : `${first}_${n}`;
  const email = `${local.toLowerCase()}@${r.pick(EMAIL_DOMAINS)}`;
  const phone = r.chance(0.45) ? `+1555${r.digits(7)}` : null;
  const [city, province, provinceCode, zip] = r.pick(CITIES);
  const address =
    `{"firstName":"${first}","lastName":"${last}","address1":"${1 + r.int(9800)} ${r.pick(STREETS)}",` +
    `"city":"${city}","province":"${province}","provinceCode":"${provinceCode}","zip":"${zip}${r.digits(2)}",` +
    `"country":"United States","countryCode":"US"${phone ? `,"phone":"${phone}"` : ""}}`;
  return { first, last, email, phone, address };
}

function guestIdentity(r: Rng): { first: string; last: string; email: string } {
  const first = r.pick(FIRST_NAMES);
  const last = r.pick(LAST_NAMES);
  return { first, last, email: `${first}.${last}.${r.digits(4)}@${r.pick(EMAIL_DOMAINS)}`.toLowerCase() };
}

// ───────────────────────────── Orders ─────────────────────────────

interface PlannedLine {
  product: Product;
  variant: number;
  quantity: number;
  price: number;
  discount: number;
}

interface ShipPlan {
  carrier: Carrier;
  trackingNumber: string;
  shippedAt: number;
  inTransitAt: number | null;
  estimatedAt: number;
  deliveredAt: number | null;
  shipmentStatus: string;
  updatedAt: number;
}

interface OrderPlan {
  lines: PlannedLine[];
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  refunded: number;
  financial: string;
  fulfillment: string;
  cancelledAt: number | null;
  cancelReason: string | null;
  closedAt: number | null;
  updatedAt: number;
  ship: ShipPlan | null;
  discountCode: string | null;
  totalDiscounts: number;
  shippingMethod: string;
  gateway: string;
}

const DISCOUNT_CODES = new Weighted<readonly [string, number]>([
  [["WELCOME10", 10], 50],
  [["SPRING15", 15], 25],
  [["FRIENDS20", 20], 15],
  [["VIP25", 25], 10],
]);
const GATEWAYS = new Weighted<string>([["shopify_payments", 80], ["paypal", 15], ["gift_card", 5]]);

/**
 * Everything about an order that is drawn at random, from its own PRNG stream (seed, order number): the
 * seeder plans every order once to total up its customers, then again to write it, with the same result.
 */
function planOrder(r: Rng, seed: number, orderNumber: number, processedAt: number, now: number): OrderPlan {
  r.reseed(seed ^ 0x0bde5eed, orderNumber);
  const lineCount = r.chance(0.55) ? 1 : r.chance(0.67) ? 2 : 3;
  const lines: PlannedLine[] = [];
  const code = r.chance(0.12) ? DISCOUNT_CODES.pick(r) : null;
  let subtotal = 0;
  let quantities = 0;
  let totalDiscounts = 0;
  for (let l = 0; l < lineCount; l++) {
    const product = PRODUCTS[r.int(PRODUCTS.length)];
    const quantity = r.chance(0.85) ? 1 : r.chance(0.8) ? 2 : 3;
    const discount = code ? Math.round((product.price * quantity * code[1]) / 100) : 0;
    lines.push({ product, variant: r.int(product.variants.length), quantity, price: product.price, discount });
    subtotal += product.price * quantity - discount;
    totalDiscounts += discount;
    quantities += quantity;
  }
  const express = r.chance(0.2);
  const shipping = express ? 1299 : subtotal >= 7500 ? 0 : 599;
  const shippingMethod = express ? "Express Shipping" : shipping === 0 ? "Free Shipping" : "Standard Shipping";
  let gateway = GATEWAYS.pick(r);
  const tax = Math.round(subtotal * 0.0725);
  const total = subtotal + shipping + tax;
  const age = now - processedAt;

  let financial = "PAID";
  let refunded = 0;
  let cancelledAt: number | null = null;
  let cancelReason: string | null = null;
  let shippable = true;
  const u = r.float();
  if (u < 0.02) {
    financial = "VOIDED";
    shippable = false;
    cancelledAt = Math.min(now - MINUTE, processedAt + r.logUniform(10 * MINUTE, 2 * DAY));
    cancelReason = r.pick(CANCEL_REASONS);
  } else if (u < 0.055) {
    financial = "REFUNDED";
    refunded = total;
    if (r.chance(0.4)) {
      shippable = false;
      cancelledAt = Math.min(now - MINUTE, processedAt + r.logUniform(10 * MINUTE, DAY));
      cancelReason = "customer";
    }
  } else if (u < 0.095) {
    financial = "PARTIALLY_REFUNDED";
    refunded = Math.max(100, Math.round(total * r.range(0.1, 0.6)));
  } else if (u < 0.105) {
    financial = "PENDING";
    gateway = r.chance(0.6) ? "bank_deposit" : "cash_on_delivery";
    shippable = gateway === "cash_on_delivery" || age > 3 * DAY;
  } else if (u < 0.115) {
    financial = age > 7 * DAY ? "EXPIRED" : "AUTHORIZED";
    shippable = false;
  } else if (u < 0.12) {
    financial = "PARTIALLY_PAID";
  }

  let fulfillment = "UNFULFILLED";
  let ship: ShipPlan | null = null;
  let updatedAt = processedAt + r.range(1, 30) * MINUTE;
  const shippedAt = processedAt + r.logUniform(3 * HOUR, 4 * DAY);
  if (shippable && shippedAt < now - 10 * MINUTE && !r.chance(0.01)) {
    fulfillment = quantities > 1 && r.chance(0.04) ? "PARTIALLY_FULFILLED" : "FULFILLED";
    const carrier = CARRIERS.pick(r);
    const trackingNumber = carrier.number(r);
    const inTransit = shippedAt + r.logUniform(2 * HOUR, 30 * HOUR);
    const transitDays = 2 + r.int(5);
    const expected = shippedAt + transitDays * DAY + r.range(-6, 6) * HOUR;
    const estimatedAt = Math.ceil((shippedAt + transitDays * DAY) / DAY) * DAY - HOUR;
    let shipmentStatus: string;
    let inTransitAt: number | null = null;
    let deliveredAt: number | null = null;
    let shipUpdated = shippedAt;
    const exception = r.float();
    if (now < inTransit) {
      shipmentStatus = r.chance(0.5) ? "LABEL_PURCHASED" : "CONFIRMED";
    } else if (now < expected) {
      inTransitAt = inTransit;
      shipUpdated = inTransit;
      shipmentStatus = expected - now < 10 * HOUR ? "OUT_FOR_DELIVERY" : exception < 0.05 ? "DELAYED" : "IN_TRANSIT";
    } else if (exception < 0.006) {
      inTransitAt = inTransit;
      shipUpdated = expected;
      shipmentStatus = "FAILURE";
    } else if (exception < 0.02 && now - expected < 10 * DAY) {
      inTransitAt = inTransit;
      shipUpdated = expected;
      shipmentStatus = r.chance(0.5) ? "ATTEMPTED_DELIVERY" : "DELAYED";
    } else {
      inTransitAt = inTransit;
      deliveredAt = expected;
      shipUpdated = expected;
      shipmentStatus = "DELIVERED";
    }
    ship = { carrier, trackingNumber, shippedAt, inTransitAt, estimatedAt, deliveredAt, shipmentStatus, updatedAt: shipUpdated };
    updatedAt = Math.max(updatedAt, shippedAt);
  } else if (shippable && financial !== "PENDING") {
    const w = r.float();
    fulfillment = w < 0.25 ? "IN_PROGRESS" : w < 0.3 ? "ON_HOLD" : "UNFULFILLED";
  } else if (financial === "PENDING") {
    fulfillment = r.chance(0.3) ? "ON_HOLD" : "UNFULFILLED";
  }
  if (cancelledAt != null) updatedAt = Math.max(updatedAt, cancelledAt);
  if (refunded > 0 && cancelledAt == null) updatedAt = Math.max(updatedAt, processedAt + r.range(5, 30) * DAY);
  updatedAt = Math.min(updatedAt, now - MINUTE);
  let closedAt: number | null = cancelledAt;
  if (closedAt == null && fulfillment === "FULFILLED" && financial === "PAID" && ship?.deliveredAt != null && r.chance(0.5)) {
    closedAt = ship.deliveredAt;
  }
  return {
    lines, subtotal, shipping, tax, total, refunded, financial, fulfillment, cancelledAt, cancelReason, closedAt, updatedAt, ship,
    discountCode: code ? code[0] : null, totalDiscounts, shippingMethod, gateway,
  };
}

// ───────────────────────────── COPY lanes ─────────────────────────────

const COLUMNS: Record<CopyTable, string[]> = {
  Customer: ["id", "shopId", "shopifyId", "email", "firstName", "lastName", "phone", "ordersCount", "totalSpent", "currencyCode", "tags", "shopifyUpdatedAt", "createdAt", "updatedAt"],
  Order: ["id", "shopId", "shopifyId", "name", "orderNumber", "customerId", "email", "phone", "financialStatus", "fulfillmentStatus", "currencyCode", "subtotalPrice", "totalShipping", "totalTax", "totalPrice", "totalRefunded", "totalDiscounts", "discountCodes", "shippingMethod", "paymentGateways", "shippingAddress", "billingAddress", "tags", "note", "statusPageUrl", "cancelledAt", "cancelReason", "closedAt", "processedAt", "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt"],
  LineItem: ["id", "shopId", "orderId", "shopifyId", "productId", "variantId", "title", "variantTitle", "sku", "vendor", "productType", "productTags", "quantity", "price", "totalDiscount", "requiresShipping", "imageUrl"],
  Fulfillment: ["id", "shopId", "orderId", "shopifyId", "name", "status", "shipmentStatus", "trackingCompany", "trackingNumber", "trackingUrl", "trackingNumbers", "trackingUrls", "estimatedDeliveryAt", "deliveredAt", "inTransitAt", "shopifyCreatedAt", "shopifyUpdatedAt", "createdAt", "updatedAt"],
  Case: ["id", "shopId", "number", "subject", "status", "priority", "topic", "suggestedTopic", "channel", "customerId", "customerEmail", "customerName", "assigneeId", "tags", "snoozedUntil", "firstResponseAt", "resolvedAt", "closedAt", "firstResponseDueAt", "resolutionDueAt", "slaDueAt", "reopenCount", "lastMessageAt", "lastActivityAt", "createdAt", "updatedAt"],
  CaseOrder: ["shopId", "caseId", "orderId", "linkedBy", "createdAt"],
  Message: ["id", "shopId", "caseId", "direction", "channel", "authorType", "authorStaffId", "authorName", "authorEmail", "subject", "bodyText", "bodyHtml", "externalMessageId", "inReplyTo", "deliveryStatus", "deliveryError", "sentAt", "createdAt"],
  CaseRead: ["shopId", "caseId", "staffId", "lastReadAt"],
};

function copyStatement(table: CopyTable): string {
  return `COPY "${table}" (${COLUMNS[table].map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
}

type CopyTable = Exclude<SeedTable, "Staff">;

/** Rows for one table inside a COPY transaction. */
interface CopyPart {
  table: CopyTable;
  chunks: Buffer[];
  /**
   * Cases only: COPY into a session temp table, then INSERT … SELECT into "Case" computing "searchVector"
   * with the same function the triggers use (the messages and order links were copied before, in the same
   * transaction). Used when the triggers are skipped.
   */
  withSearchVector?: boolean;
}

const CASE_STAGING = "seed_case_staging";

/**
 * The full-text triggers of the inbox migration. They are skipped with the foreign-key ones while copying;
 * the seeder then writes "searchVector" itself (see CopyPart.withSearchVector), set-based, per batch.
 */
const SEARCH_TRIGGERS = ["Case.case_search_document", "Message.message_search_document", "CaseOrder.case_order_search_document"];
/**
 * The insights triggers only mark rollup days dirty; replica mode may skip them because the seeder drops the shop's
 * InsightState at the end, which makes the insights job rebuild the shop's rollups in full.
 */
const INSIGHT_TRIGGERS = [
  "Case.case_insight_dirty",
  "Message.message_insight_dirty",
  "CaseOrder.case_order_insight_dirty",
  "Order.order_insight_dirty",
  "LineItem.line_item_insight_dirty",
];

/**
 * COPY statements in one transaction. `synchronous_commit = off` (this transaction only) because a seed lost
 * to a crash is simply run again; with `skipTriggers`, `session_replication_role = replica` skips the
 * per-row foreign-key triggers, as pg_restore --disable-triggers does (the rows reference what the seeder
 * has just written or read, so they hold by construction), and the full-text triggers, whose work the
 * seeder does itself for the batch at once. Returns the rows written per part.
 */
async function copyInto(client: PoolClient, parts: CopyPart[], skipTriggers: boolean): Promise<number[]> {
  await client.query("BEGIN");
  try {
    await client.query(
      skipTriggers ? "SET LOCAL synchronous_commit = off; SET LOCAL session_replication_role = replica" : "SET LOCAL synchronous_commit = off",
    );
    const written: number[] = [];
    for (const part of parts) {
      if (part.chunks.length === 0) {
        written.push(0);
        continue;
      }
      if (part.withSearchVector) {
        const columns = COLUMNS.Case.map((c) => `"${c}"`).join(", ");
        // The function's lookups must go through the indexes whatever the statistics of tables still being
        // filled say (with stale ones the planner picked sequential scans of "CaseOrder" per case: quadratic).
        await client.query("SET LOCAL enable_seqscan = off");
        await client.query(
          `CREATE TEMP TABLE IF NOT EXISTS ${CASE_STAGING} (LIKE "Case" INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
        );
        const stream = client.query(copyFrom(`COPY ${CASE_STAGING} (${columns}) FROM STDIN`));
        await pipeline(Readable.from(part.chunks), stream);
        // Exactly what the row triggers compute when a case is written (casefile_case_search_vector), for the batch.
        const inserted = await client.query(
          `INSERT INTO "Case" (${columns}, "searchVector")
           SELECT ${columns}, casefile_case_search_vector("id", "subject", "customerName", "customerEmail") FROM ${CASE_STAGING}`,
        );
        written.push(inserted.rowCount ?? 0);
      } else {
        const stream = client.query(copyFrom(copyStatement(part.table)));
        await pipeline(Readable.from(part.chunks), stream);
        written.push(stream.rowCount);
      }
    }
    await client.query("COMMIT");
    return written;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

const CHUNK_CHARS = 128 * 1024;

/**
 * Collects COPY rows and turns them into ~128 KB Buffers as it goes, so the row strings die young (cheap for
 * the garbage collector) and a batch never needs one huge string.
 */
class RowSink {
  chunks: Buffer[] = [];
  bytes = 0;
  rows = 0;
  private pending: string[] = [];
  private pendingChars = 0;

  push(row: string): void {
    this.pending.push(row);
    this.rows++;
    this.pendingChars += row.length;
    if (this.pendingChars >= CHUNK_CHARS) this.flush();
  }

  /** Everything collected so far; the sink starts over. */
  take(): { chunks: Buffer[]; bytes: number; rows: number } {
    this.flush();
    const taken = { chunks: this.chunks, bytes: this.bytes, rows: this.rows };
    this.chunks = [];
    this.bytes = 0;
    this.rows = 0;
    return taken;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(""), "utf8");
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.pending = [];
    this.pendingChars = 0;
  }
}

/**
 * Runs COPY statements on up to `lanes` connections at once. A job may wait for others (line items for their
 * orders) before it takes a connection. `throttle` keeps the generated text waiting to be written bounded.
 */
class CopyLanes {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inflight = new Set<Promise<void>>();
  private queuedBytes = 0;
  private failure: unknown = null;

  constructor(
    private readonly pool: Pool,
    private readonly lanes: number,
    private readonly maxQueuedBytes: number,
    private readonly skipTriggers: boolean,
    private readonly onDone: (table: CopyTable, rows: number) => void,
  ) {}

  copy(table: CopyTable, sink: RowSink, after: Promise<void>[] = []): Promise<void> {
    return this.copyMany([{ table, sink }], after);
  }

  /** Several tables' rows in one transaction, in the order given. */
  copyMany(sinks: Array<{ table: CopyTable; sink: RowSink; withSearchVector?: boolean }>, after: Promise<void>[] = []): Promise<void> {
    if (this.failure) throw this.failure;
    const parts: CopyPart[] = [];
    let bytes = 0;
    let rows = 0;
    for (const { table, sink, withSearchVector } of sinks) {
      const taken = sink.take();
      bytes += taken.bytes;
      rows += taken.rows;
      parts.push({ table, chunks: taken.rows > 0 ? taken.chunks : [], withSearchVector });
    }
    if (rows === 0) return Promise.all(after).then(() => undefined);
    this.queuedBytes += bytes;
    const label = parts.map((p) => `"${p.table}"`).join(", ");
    const job = (async () => {
      try {
        await Promise.all(after);
        await this.acquire();
        try {
          const client = await this.pool.connect();
          let failed: Error | undefined;
          try {
            const written = await copyInto(client, parts, this.skipTriggers);
            parts.forEach((part, i) => this.onDone(part.table, written[i]));
          } catch (error) {
            failed = error instanceof Error ? error : new Error(String(error));
            throw new Error(`COPY into ${label} failed: ${failed.message}`, { cause: error });
          } finally {
            client.release(failed);
          }
        } finally {
          this.release();
        }
      } finally {
        this.queuedBytes -= bytes;
      }
    })();
    this.inflight.add(job);
    job.then(
      () => this.inflight.delete(job),
      (error: unknown) => {
        this.inflight.delete(job);
        this.failure ??= error;
      },
    );
    return job;
  }

  /** Waits until the text not yet written is under the limit (and rethrows the first failure). */
  async throttle(): Promise<void> {
    while (this.queuedBytes > this.maxQueuedBytes && this.inflight.size > 0) {
      await Promise.race([...this.inflight]).catch(() => undefined);
    }
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    if (this.failure) throw this.failure;
  }

  private acquire(): Promise<void> {
    if (this.active < this.lanes) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

// ───────────────────────────── Shop, staff, counters ─────────────────────────────

interface ShopRow {
  id: string;
  name: string | null;
  currencyCode: string;
  created: boolean;
}

function shopNameFor(domain: string): string {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  return handle
    .split("-")
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}

/** INSERT … ON CONFLICT (domain) DO NOTHING, then the shop's id. */
export async function ensureSeedShop(pool: Pool, domain: string, now = Date.now()): Promise<ShopRow> {
  const stamp = ts(now);
  const handle = domain.replace(/\.myshopify\.com$/, "");
  const inserted = await pool.query(
    `INSERT INTO "Shop" (id, domain, name, email, "installedAt", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $5, $5) ON CONFLICT (domain) DO NOTHING`,
    [uuidv7(), domain, shopNameFor(domain), `owner@${handle}.example`, stamp],
  );
  const { rows } = await pool.query<{ id: string; name: string | null; currencyCode: string }>(
    `SELECT id, name, "currencyCode" FROM "Shop" WHERE domain = $1`,
    [domain],
  );
  if (!rows[0]) throw new Error(`shop ${domain} could not be created`);
  return { ...rows[0], created: inserted.rowCount === 1 };
}

interface StaffMember {
  id: string;
  first: string;
  name: string;
  email: string;
}

const SEED_STAFF = [
  ["Maya", "Chen", "ADMIN", true],
  ["Jordan", "Reyes", "AGENT", false],
  ["Priya", "Natarajan", "AGENT", false],
  ["Sam", "Okafor", "AGENT", false],
  ["Elena", "Rossi", "AGENT", false],
  ["Tom", "Becker", "AGENT", false],
] as const;

/** A few agents (created when missing); returns every active staff member of the shop. */
export async function ensureSeedStaff(pool: Pool, shopId: string, domain: string, now = Date.now()): Promise<{ staff: StaffMember[]; created: number }> {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  const stamp = ts(now);
  const values: unknown[] = [];
  const tuples = SEED_STAFF.map(([first, last, role, owner], i) => {
    const b = values.length;
    values.push(uuidv7(), shopId, `${first.toLowerCase()}@${handle}.example`, first, last, role, owner, stamp);
    return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::"StaffRole", $${b + 7}, $${b + 8}::timestamp, $${b + 8}::timestamp, ${90_000_001 + i})`;
  });
  const inserted = await pool.query(
    `INSERT INTO "Staff" (id, "shopId", email, "firstName", "lastName", role, "accountOwner", "createdAt", "updatedAt", "shopifyUserId")
     VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`,
    values,
  );
  const { rows } = await pool.query<{ id: string; firstName: string | null; lastName: string | null; email: string }>(
    `SELECT id, "firstName", "lastName", email FROM "Staff" WHERE "shopId" = $1 AND active ORDER BY "createdAt", id`,
    [shopId],
  );
  const staff = rows.map((s) => {
    const first = s.firstName || s.email.split("@")[0];
    return { id: s.id, first, name: [s.firstName, s.lastName].filter(Boolean).join(" ") || first, email: s.email };
  });
  return { staff, created: inserted.rowCount ?? 0 };
}

interface Counters {
  maxOrderNumber: number | null;
  maxOrderId: number | null;
  maxCustomerId: number | null;
  maxLineItemId: number | null;
  maxFulfillmentId: number | null;
}

async function readCounters(pool: Pool, shopId: string): Promise<Counters> {
  const { rows } = await pool.query<Record<keyof Counters, string | null>>(
    `SELECT (SELECT max("orderNumber") FROM "Order" WHERE "shopId" = $1)::text AS "maxOrderNumber",
            (SELECT max("shopifyId") FROM "Order" WHERE "shopId" = $1)::text AS "maxOrderId",
            (SELECT max("shopifyId") FROM "Customer" WHERE "shopId" = $1)::text AS "maxCustomerId",
            (SELECT max("shopifyId") FROM "LineItem" WHERE "shopId" = $1)::text AS "maxLineItemId",
            (SELECT max("shopifyId") FROM "Fulfillment" WHERE "shopId" = $1)::text AS "maxFulfillmentId"`,
    [shopId],
  );
  const num = (v: string | null) => (v == null ? null : Number(v));
  const r = rows[0];
  return {
    maxOrderNumber: num(r.maxOrderNumber),
    maxOrderId: num(r.maxOrderId),
    maxCustomerId: num(r.maxCustomerId),
    maxLineItemId: num(r.maxLineItemId),
    maxFulfillmentId: num(r.maxFulfillmentId),
  };
}

/**
 * Takes `count` case numbers from Shop.nextCaseNumber in one statement (so a case opened by the app while the
 * seeder runs gets a number after them), never below an existing case's number. Returns the first.
 */
export async function reserveCaseNumbers(pool: Pool, shopId: string, count: number, now = Date.now()): Promise<number> {
  const { rows } = await pool.query<{ first: number }>(
    `UPDATE "Shop"
        SET "nextCaseNumber" = GREATEST("nextCaseNumber",
              COALESCE((SELECT max(number) + 1 FROM "Case" WHERE "shopId" = $1), 0)) + $2::int,
            "updatedAt" = $3::timestamp
      WHERE id = $1
  RETURNING "nextCaseNumber" - $2::int AS first`,
    [shopId, count, ts(now)],
  );
  if (!rows[0]) throw new Error("shop disappeared while seeding");
  return rows[0].first;
}

const WRITTEN_TABLES = ["Customer", "Order", "LineItem", "Fulfillment", "Case", "CaseOrder", "Message", "CaseRead"] as const;

/**
 * Whether COPY may run with session_replication_role = replica: only when the role is allowed to set it and
 * the tables have no triggers besides PostgreSQL's own foreign-key ones and the full-text ones (which replica
 * mode also skips: the seeder then computes "searchVector" per batch with the triggers' own function).
 */
async function foreignKeyCheckMode(pool: Pool, wanted: boolean | "auto"): Promise<{ on: boolean; reason: string }> {
  if (wanted === true) return { on: true, reason: "requested" };
  const { rows } = await pool.query<{ names: string[] | null }>(
    `SELECT array_agg(DISTINCT c.relname || '.' || t.tgname) AS names
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[])
        AND NOT (c.relname || '.' || t.tgname) = ANY($2::text[])`,
    [WRITTEN_TABLES, [...SEARCH_TRIGGERS, ...INSIGHT_TRIGGERS]],
  );
  if (rows[0]?.names?.length) return { on: true, reason: `tables have triggers (${rows[0].names.join(", ")})` };
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    return {
      on: false,
      reason: "rows are consistent by construction; skipped like pg_restore --disable-triggers (search vectors computed per batch)",
    };
  } catch {
    return { on: true, reason: "the role may not set session_replication_role" };
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}

// ───────────────────────────── Orders and customers a case can refer to ─────────────────────────────

interface CustomerRef {
  id: string | null;
  first: string;
  last: string;
  email: string;
}

interface OrderRef {
  /** Whether its first product comes in sizes (unknown, so false, for orders read from the database). */
  sized: boolean;
  id: string;
  name: string;
  processedAt: number;
  customer: CustomerRef | null;
  email: string | null;
  product: string;
  carrier: string | null;
  tracking: string | null;
}

interface OrderPool {
  size: number;
  processedAt(i: number): number;
  get(i: number): OrderRef;
}

interface CustomerPool {
  size: number;
  get(i: number): CustomerRef;
}

/** Index of the last order processed at or before `t` (orders are sorted by time), or -1. */
function lastOrderAtOrBefore(pool: OrderPool, t: number): number {
  let lo = 0;
  let hi = pool.size - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (pool.processedAt(mid) <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

async function loadExistingOrders(pool: Pool, shopId: string, limit: number): Promise<OrderPool> {
  const { rows } = await pool.query<{
    id: string;
    name: string;
    ms: number;
    email: string | null;
    customerId: string | null;
    firstName: string | null;
    lastName: string | null;
    customerEmail: string | null;
    product: string | null;
    carrier: string | null;
    tracking: string | null;
  }>(
    `SELECT o.id, o.name, (extract(epoch FROM o."processedAt") * 1000)::float8 AS ms, o.email,
            c.id AS "customerId", c."firstName", c."lastName", c.email AS "customerEmail",
            (SELECT li.title FROM "LineItem" li WHERE li."shopId" = o."shopId" AND li."orderId" = o.id LIMIT 1) AS product,
            f."trackingCompany" AS carrier, f."trackingNumber" AS tracking
       FROM (SELECT * FROM "Order" WHERE "shopId" = $1 AND "redactedAt" IS NULL ORDER BY "processedAt" DESC LIMIT $2) o
       LEFT JOIN "Customer" c ON c.id = o."customerId" AND c."redactedAt" IS NULL
       LEFT JOIN LATERAL (SELECT "trackingCompany", "trackingNumber" FROM "Fulfillment" f
                           WHERE f."shopId" = o."shopId" AND f."orderId" = o.id ORDER BY f."shopifyCreatedAt" LIMIT 1) f ON true
      ORDER BY o."processedAt", o.id`,
    [shopId, limit],
  );
  const refs: OrderRef[] = rows.map((o) => ({
    id: o.id,
    name: o.name,
    processedAt: o.ms,
    email: o.email,
    customer:
      o.customerId && (o.customerEmail || o.email)
        ? { id: o.customerId, first: o.firstName || "there", last: o.lastName || "", email: (o.customerEmail || o.email)! }
        : null,
    product: o.product || "order",
    sized: false,
    carrier: o.carrier,
    tracking: o.tracking,
  }));
  return { size: refs.length, processedAt: (i) => refs[i].processedAt, get: (i) => refs[i] };
}

async function loadExistingCustomers(pool: Pool, shopId: string, limit: number): Promise<CustomerPool> {
  const { rows } = await pool.query<{ id: string; firstName: string | null; lastName: string | null; email: string }>(
    `SELECT id, "firstName", "lastName", email FROM "Customer"
      WHERE "shopId" = $1 AND "redactedAt" IS NULL AND email IS NOT NULL ORDER BY id DESC LIMIT $2`,
    [shopId, limit],
  );
  const refs = rows.map((c) => ({ id: c.id, first: c.firstName || "there", last: c.lastName || "", email: c.email }));
  return { size: refs.length, get: (i) => refs[i] };
}

// ───────────────────────────── The seeder ─────────────────────────────

const ZERO_ROWS = (): Record<SeedTable, number> => ({
  Staff: 0, Customer: 0, Order: 0, LineItem: 0, Fulfillment: 0, Case: 0, CaseOrder: 0, Message: 0, CaseRead: 0,
});

const STATUS_SLA_HOURS: Record<string, number> = { URGENT: 1, HIGH: 4, NORMAL: 24, LOW: 72 };
const PRIORITY = new Weighted<string>([["LOW", 14], ["NORMAL", 64], ["HIGH", 16], ["URGENT", 6]]);
const PRIORITY_HOT = new Weighted<string>([["NORMAL", 45], ["HIGH", 38], ["URGENT", 17]]);
const CHANNEL = new Weighted<string>([["EMAIL", 56], ["STOREFRONT", 22], ["CUSTOMER_ACCOUNT", 17], ["ADMIN", 5]]);
const LINKED_BY = new Weighted<string>([["AUTO", 72], ["CUSTOMER", 18], ["STAFF", 10]]);

const IN = 0;
const OUT = 1;
const NOTE = 2;

/** Some agents take far more cases than others. */
function pickStaff(r: Rng, staff: readonly StaffMember[]): StaffMember {
  return staff[Math.min(staff.length - 1, Math.floor(staff.length * r.float() ** 1.6))];
}

/**
 * Details customers add to their first message, Zipf-weighted (the first ~60 times as often as the last), so
 * searches meet frequent, middling and rare words; each sentence carries a word found nowhere else.
 */
const DETAIL_SHARE = 0.3;
const DETAIL_SENTENCES = [
  "It's a gift for my mum's birthday.",
  "I need it before the weekend.",
  "We're going on holiday next week.",
  "It's for my daughter's wedding next month.",
  "My partner ordered the same thing last year.",
  "I'm moving house at the end of the month.",
  "The colour looked different on my phone.",
  "I work nights, so email is best.",
  "This was my first time ordering from you.",
  "It's for our office Christmas party.",
  "My son starts university in September.",
  "I found you through a friend's recommendation.",
  "We're hosting a barbecue on Saturday.",
  "The courier left a card but no parcel.",
  "I'm travelling to Lisbon on Thursday.",
  "My dog chewed the packaging, sorry.",
  "It's for a retirement present.",
  "Our building's concierge signs for deliveries.",
  "I'm recovering from surgery, so I'm home all day.",
  "We're renovating the kitchen right now.",
  "It's for an anniversary surprise.",
  "I ordered it for my grandmother in Aberdeen.",
  "The box was soaked after the thunderstorm.",
  "My neighbour in flat 4B may have it.",
  "It was meant for a christening.",
  "We run a small yoga studio.",
  "I'm allergic to wool, is there lanolin in it?",
  "I'm a teacher and need it for a school fete.",
  "It's for my quinceañera outfit.",
  "I'm volunteering at a marathon in Bratislava.",
  "Our sailboat regatta is next month.",
  "It's for my great-aunt's centenary celebration.",
  "I collect these for my taxidermy studio.",
  "I'm taking it on a glacier expedition in Svalbard.",
];
const DETAILS = new Weighted<{ text: string; html: string }>(
  DETAIL_SENTENCES.map((sentence, i) => [{ text: copyText(`\n\nP.S. ${sentence}`), html: copyText(`<p>P.S. ${htmlText(sentence)}</p>`) }, 1 / (i + 1) ** 1.2] as const),
);

/** Generation yields to the event loop every 256 entities so the COPY streams in flight keep being fed. */
const YIELD_MASK = 255;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Seeds `options.shopDomain` (created when missing) with customers, orders (line items, fulfillments) and
 * cases (order links, messages), appending to whatever the shop already has.
 */
export async function seedShop(pool: Pool, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = performance.now();
  const domain = normaliseShopDomain(options.shopDomain);
  if (!domain) throw new Error(`not a shop domain: ${options.shopDomain}`);
  const orderCount = checkCount("orders", options.orders);
  const caseCount = checkCount("cases", options.cases);
  const messagesPerCase = Math.max(1, Math.floor(options.messagesPerCase ?? 3));
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10_000));
  const seed = (options.seed ?? 1) >>> 0;
  const now = Math.floor(options.now ?? Date.now());
  const yearAgo = now - YEAR;

  const rows = ZERO_ROWS();
  const units = { customers: 0, orders: 0, cases: 0 };
  const totals = { customers: 0, orders: orderCount, cases: caseCount };
  const phaseSeconds: Partial<Record<SeedPhase, number>> = {};
  let phase: SeedPhase = "preparing";
  let phaseStarted = performance.now();
  const report = () =>
    options.onProgress?.({
      phase,
      units: { ...units },
      totals: { ...totals },
      rows: Object.values(rows).reduce((a, b) => a + b, 0),
      rowsByTable: { ...rows },
      elapsedMs: performance.now() - started,
    });
  const enter = (next: SeedPhase) => {
    phaseSeconds[phase] = (phaseSeconds[phase] ?? 0) + (performance.now() - phaseStarted) / 1000;
    phase = next;
    phaseStarted = performance.now();
    report();
  };

  // Shop, staff, counters.
  const shop = await ensureSeedShop(pool, domain, now);
  const shopId = shop.id;
  const shopName = shop.name || shopNameFor(domain);
  const currency = copyText(shop.currencyCode);
  const { staff, created: staffCreated } = await ensureSeedStaff(pool, shopId, domain, now);
  rows.Staff = staffCreated;
  if (caseCount > 0 && staff.length === 0) throw new Error(`${domain} has no active staff to answer its cases`);
  const counters = await readCounters(pool, shopId);
  const firstOrderNumber = (counters.maxOrderNumber ?? 1000) + 1;
  const firstOrderId = (counters.maxOrderId ?? ORDER_ID_BASE) + 1;
  const firstCustomerId = (counters.maxCustomerId ?? CUSTOMER_ID_BASE) + 1;
  let nextLineItemId = (counters.maxLineItemId ?? LINE_ITEM_ID_BASE) + 1;
  let nextFulfillmentId = (counters.maxFulfillmentId ?? FULFILLMENT_ID_BASE) + 1;
  const shopNumber = 60_000_000_000 + (keyOf(parseInt(shopId.replace(/-/g, "").slice(-12), 16)) % 9_000_000_000);

  let customerCount = options.customers != null ? Math.max(0, Math.floor(options.customers)) : 0;
  if (options.customers == null) {
    if (orderCount > 0) customerCount = Math.max(1, Math.ceil(orderCount / 3));
    else if (caseCount > 0 && counters.maxOrderId == null) customerCount = Math.max(1, Math.ceil(caseCount / 3));
  }
  if (orderCount > 0) customerCount = Math.max(1, customerCount);
  totals.customers = customerCount;

  const foreignKeyChecks = await foreignKeyCheckMode(pool, options.foreignKeyChecks ?? "auto");
  const ids = new IdGenerator();
  const lanes = new CopyLanes(
    pool,
    Math.max(1, Math.floor(options.concurrency ?? 2)),
    64 * 1024 * 1024,
    !foreignKeyChecks.on,
    (table, n) => {
      rows[table] += n;
      report();
    },
  );

  const r = new Rng(seed, 0x5ca1e); // the run's main stream
  const sub = new Rng(seed); // re-seeded per order and per customer
  const idRng = new Rng(seed); // re-seeded per customer identity
  report();

  // Plan orders: who bought, when, and how much (customers are written first and carry the totals).
  const orderCustomer = new Uint32Array(orderCount);
  const orderTime = new Float64Array(orderCount);
  const custOrders = new Uint32Array(customerCount);
  const custSpent = new Float64Array(customerCount);
  const custFirst = new Float64Array(customerCount).fill(Number.POSITIVE_INFINITY);
  const custLast = new Float64Array(customerCount);
  const repeatBuyers = Math.max(Math.min(customerCount, 3), Math.floor(customerCount * 0.1));
  const span = YEAR - 2 * HOUR;
  for (let i = 0; i < orderCount; i++) {
    const c = r.chance(0.3) ? r.int(repeatBuyers) : r.int(customerCount);
    const at = yearAgo + ((i + r.float()) / orderCount) * span;
    orderCustomer[i] = c;
    orderTime[i] = at;
    const plan = planOrder(sub, seed, firstOrderNumber + i, at, now);
    custOrders[c]++;
    if (plan.financial !== "VOIDED") custSpent[c] += plan.total - plan.refunded;
    if (at < custFirst[c]) custFirst[c] = at;
    if (plan.updatedAt > custLast[c]) custLast[c] = plan.updatedAt;
  }

  // Customers.
  enter("customers");
  const customerIds = new Uint8Array(customerCount * 16);
  {
    const out = new RowSink();
    for (let start = 0; start < customerCount; start += batchSize) {
      const end = Math.min(customerCount, start + batchSize);
      for (let c = start; c < end; c++) {
        if ((c & YIELD_MASK) === YIELD_MASK) await yieldToIo();
        ids.into(customerIds, c * 16);
        const shopifyId = firstCustomerId + c;
        const who = customerIdentity(seed, shopifyId, sub);
        const count = custOrders[c];
        const createdAt = count > 0 ? custFirst[c] - sub.logUniform(MINUTE, 60 * DAY) : yearAgo + sub.float() * span;
        const updatedAt = count > 0 ? Math.max(custLast[c], createdAt) : createdAt;
        const tags: string[] = [];
        if (count >= 5) tags.push("vip");
        if (sub.chance(0.3)) tags.push("newsletter");
        if (sub.chance(0.01)) tags.push("wholesale");
        out.push(
          `${uuidAt(customerIds, c)}\t${shopId}\t${shopifyId}\t${who.email}\t${who.first}\t${who.last}\t${who.phone ?? NULL}\t` +
            `${count}\t${money(custSpent[c])}\t${currency}\t${textArray(tags)}\t${ts(updatedAt)}\t${ts(createdAt)}\t${ts(updatedAt)}\n`,
        );
      }
      const n = end - start;
      lanes.copy("Customer", out).then(() => {
        units.customers += n;
      }, () => undefined);
      await lanes.throttle();
    }
    await lanes.drain();
  }

  // Orders, line items, fulfillments.
  enter("orders");
  const orderIds = new Uint8Array(orderCount * 16);
  {
    const oRows = new RowSink();
    const liRows = new RowSink();
    const fRows = new RowSink();
    for (let start = 0; start < orderCount; start += batchSize) {
      const end = Math.min(orderCount, start + batchSize);
      for (let i = start; i < end; i++) {
        if ((i & YIELD_MASK) === YIELD_MASK) await yieldToIo();
        ids.into(orderIds, i * 16);
        const id = uuidAt(orderIds, i);
        const number = firstOrderNumber + i;
        const processedAt = orderTime[i];
        const c = orderCustomer[i];
        const plan = planOrder(sub, seed, number, processedAt, now);
        const who = customerIdentity(seed, firstCustomerId + c, idRng);
        const tags: string[] = [];
        if (r.chance(0.04)) tags.push("gift");
        if (r.chance(0.03)) tags.push("subscription");
        if (custOrders[c] >= 5 && r.chance(0.5)) tags.push("vip");
        const note = r.chance(0.03) ? r.pick(ORDER_NOTES) : null;
        const statusPageUrl = `https://${domain}/${shopNumber}/orders/${r.hex(32)}/authenticate?key=${r.hex(32)}`;
        oRows.push(
          `${id}\t${shopId}\t${firstOrderId + i}\t#${number}\t${number}\t${uuidAt(customerIds, c)}\t${who.email}\t${who.phone ?? NULL}\t` +
            `${plan.financial}\t${plan.fulfillment}\t${currency}\t${money(plan.subtotal)}\t${money(plan.shipping)}\t${money(plan.tax)}\t` +
            `${money(plan.total)}\t${money(plan.refunded)}\t${money(plan.totalDiscounts)}\t` +
            `${plan.discountCode ? textArray([plan.discountCode]) : "{}"}\t${plan.shippingMethod}\t${textArray([plan.gateway])}\t` +
            `${who.address}\t${who.address}\t${textArray(tags)}\t${note ?? NULL}\t${statusPageUrl}\t` +
            `${tsNullable(plan.cancelledAt)}\t${plan.cancelReason ?? NULL}\t${tsNullable(plan.closedAt)}\t${ts(processedAt)}\t` +
            `${ts(processedAt)}\t${ts(plan.updatedAt)}\t${ts(processedAt + 2000)}\t${ts(plan.updatedAt)}\n`,
        );
        for (const line of plan.lines) {
          const p = line.product;
          liRows.push(
            `${ids.next()}\t${shopId}\t${id}\t${nextLineItemId++}\t${PRODUCT_ID_BASE + p.index * 1000}\t` +
              `${VARIANT_ID_BASE + p.index * 1000 + line.variant}\t${p.title}\t${p.variants[line.variant]}\t` +
              `${p.sku}-${100 + line.variant}\t${p.vendor}\t${p.productType}\t${textArray(p.tags)}\t${line.quantity}\t` +
              `${money(line.price)}\t${money(line.discount)}\tt\thttps://cdn.shopify.com/s/files/1/0612/4475/1234/products/${p.handle}.jpg\n`,
          );
        }
        const s = plan.ship;
        if (s) {
          const url = s.carrier.url(s.trackingNumber);
          fRows.push(
            `${ids.next()}\t${shopId}\t${id}\t${nextFulfillmentId++}\t#${number}-F1\tSUCCESS\t${s.shipmentStatus}\t${s.carrier.name}\t` +
              `${s.trackingNumber}\t${url}\t${textArray([s.trackingNumber])}\t${textArray([url])}\t${ts(s.estimatedAt)}\t` +
              `${tsNullable(s.deliveredAt)}\t${tsNullable(s.inTransitAt)}\t${ts(s.shippedAt)}\t${ts(s.updatedAt)}\t` +
              `${ts(s.shippedAt + 1000)}\t${ts(s.updatedAt)}\n`,
          );
        }
      }
      const n = end - start;
      const ordersWritten = lanes.copy("Order", oRows);
      const children = [lanes.copy("LineItem", liRows, [ordersWritten]), lanes.copy("Fulfillment", fRows, [ordersWritten])];
      Promise.all(children).then(() => {
        units.orders += n;
      }, () => undefined);
      await lanes.throttle();
    }
    await lanes.drain();
  }

  // What cases can link to: this run's orders and customers, or (with --orders 0) a sample of the shop's.
  let orderPool: OrderPool;
  let customerPool: CustomerPool;
  if (caseCount > 0 && orderCount > 0) {
    const lookup = new Rng(seed);
    orderPool = {
      size: orderCount,
      processedAt: (i) => orderTime[i],
      get: (i) => {
        const c = orderCustomer[i];
        const who = customerIdentity(seed, firstCustomerId + c, lookup);
        const plan = planOrder(lookup, seed, firstOrderNumber + i, orderTime[i], now);
        return {
          id: uuidAt(orderIds, i),
          name: `#${firstOrderNumber + i}`,
          processedAt: orderTime[i],
          customer: { id: uuidAt(customerIds, c), first: who.first, last: who.last, email: who.email },
          email: who.email,
          product: plan.lines[0].product.title,
          sized: plan.lines[0].product.sized,
          carrier: plan.ship?.carrier.name ?? null,
          tracking: plan.ship?.trackingNumber ?? null,
        };
      },
    };
  } else if (caseCount > 0) {
    orderPool = await loadExistingOrders(pool, shopId, 200_000);
  } else {
    orderPool = { size: 0, processedAt: () => 0, get: () => { throw new Error("no orders"); } };
  }
  if (customerCount > 0) {
    const lookup = new Rng(seed);
    customerPool = {
      size: customerCount,
      get: (c) => {
        const who = customerIdentity(seed, firstCustomerId + c, lookup);
        return { id: uuidAt(customerIds, c), first: who.first, last: who.last, email: who.email };
      },
    };
  } else if (caseCount > 0) {
    customerPool = await loadExistingCustomers(pool, shopId, 100_000);
  } else {
    customerPool = { size: 0, get: () => { throw new Error("no customers"); } };
  }

  // Cases, their order links and messages.
  enter("cases");
  const firstCaseNumber = caseCount > 0 ? await reserveCaseNumbers(pool, shopId, caseCount, now) : 0;
  {
    const cRows = new RowSink();
    const coRows = new RowSink();
    const crRows = new RowSink();
    const mRows = new RowSink();
    const dirs: number[] = [];
    const times: number[] = [];
    const caseSpan = YEAR - 3 * MINUTE;
    const vars: Vars = { first: "", agent: "", order: "", product: "", carrier: "", tracking: "", shop: copyText(shopName) };
    const htmlVars: Vars = { ...vars, shop: copyText(htmlText(shopName)) };
    for (let start = 0; start < caseCount; start += batchSize) {
      const end = Math.min(caseCount, start + batchSize);
      for (let k = start; k < end; k++) {
        if ((k & YIELD_MASK) === YIELD_MASK) await yieldToIo();
        const caseId = ids.next();
        const number = firstCaseNumber + k;
        const createdAt = yearAgo + ((k + r.float()) / caseCount) * caseSpan;
        const topic = TOPIC_PICK.pick(r);
        const content = TOPICS[topic];

        // The order it is about (placed before the customer wrote), and so the customer.
        let order: OrderRef | null = null;
        if (orderPool.size > 0 && r.chance(content.linkShare)) {
          const [lo, hi] = content.afterOrderDays;
          const target = createdAt - r.range(lo, hi) * DAY - 10 * MINUTE;
          const last = lastOrderAtOrBefore(orderPool, target);
          if (last >= 0) order = orderPool.get(last - r.int(Math.min(last + 1, 300)));
        }
        const fits = SCENARIOS[topic];
        const candidates = !order ? fits.none : order.tracking ? fits.shipped : fits.unshipped;
        let scenario = r.pick(candidates);
        if (scenario.sized && order && !order.sized) {
          // A sizing question about a mug: take another scenario for the same topic.
          const unsized = candidates.filter((c) => !c.sized);
          scenario = r.pick(unsized.length > 0 ? unsized : fits.none.filter((c) => !c.sized));
        }
        let customer: CustomerRef;
        if (order?.customer) customer = order.customer;
        else if (order?.email) customer = { id: null, ...guestIdentity(r), email: order.email };
        else if (customerPool.size > 0 && r.chance(0.7)) customer = customerPool.get(r.int(customerPool.size));
        else customer = { id: null, ...guestIdentity(r) };

        let channel = CHANNEL.pick(r);
        if (channel === "CUSTOMER_ACCOUNT" && !customer.id) channel = "EMAIL";

        // Status by age: recent cases are mostly still being worked on; a small backlog of older ones stays open.
        const ageDays = (now - createdAt) / DAY;
        let status: string;
        if (r.chance(0.85 * Math.exp(-ageDays / 7) + 0.015)) {
          const s = r.float();
          status = s < 0.55 ? "OPEN" : s < 0.85 ? "PENDING" : "SNOOZED";
        } else {
          status = r.chance(ageDays > 14 ? 0.8 : 0.2) ? "CLOSED" : "RESOLVED";
        }
        const closing = status === "RESOLVED" || status === "CLOSED";
        const hot = topic === "DAMAGED_OR_WRONG" || topic === "BILLING" || topic === "CANCEL";
        const priority = (hot ? PRIORITY_HOT : PRIORITY).pick(r);

        // Who wrote what: the customer first, then alternating replies (and a few internal notes), ending
        // with the customer for open cases and with staff otherwise.
        dirs.length = 0;
        dirs.push(IN);
        const untouched = status === "OPEN" && r.chance(0.35);
        if (untouched) {
          for (let j = 1; j < messagesPerCase; j++) dirs.push(IN);
        } else if (messagesPerCase > 1) {
          const rest = messagesPerCase - 1;
          let notes = 0;
          for (let j = 0; j < rest; j++) if (r.chance(0.12)) notes++;
          // Non-note messages alternate IN, OUT, IN…; their count decides who spoke last.
          const wantOdd = status === "OPEN" || (closing && r.chance(0.25)); // ends with the customer
          if (((messagesPerCase - notes) % 2 === 1) !== wantOdd) notes += notes > 0 ? -1 : 1;
          let notesLeft = notes;
          let slotsLeft = rest;
          let next = OUT;
          for (let j = 1; j < messagesPerCase; j++) {
            if (notesLeft > 0 && (notesLeft >= slotsLeft || r.chance(notesLeft / slotsLeft))) {
              dirs.push(NOTE);
              notesLeft--;
            } else {
              dirs.push(next);
              next = next === OUT ? IN : OUT;
            }
            slotsLeft--;
          }
        }

        // Times: ascending, compressed into the time left when the case is recent.
        times.length = 0;
        times.push(createdAt);
        let t = createdAt;
        let prevSpeaker = IN;
        for (let j = 1; j < dirs.length; j++) {
          const d = dirs[j];
          let gap: number;
          if (d === NOTE) gap = r.logUniform(2 * MINUTE, 90 * MINUTE);
          else if (d === OUT) gap = prevSpeaker === IN ? r.logUniform(3 * MINUTE, (STATUS_SLA_HOURS[priority] * 1.5) * HOUR) : r.logUniform(DAY, 3 * DAY);
          else gap = prevSpeaker === OUT ? r.logUniform(20 * MINUTE, 2 * DAY) : r.logUniform(6 * HOUR, 3 * DAY);
          if (d !== NOTE) prevSpeaker = d;
          t += gap;
          times.push(t);
        }
        const latest = now - 2 * MINUTE;
        if (times[times.length - 1] > latest) {
          const scale = (latest - createdAt) / (times[times.length - 1] - createdAt);
          for (let j = 1; j < times.length; j++) times[j] = Math.max(times[j - 1] + 1, createdAt + (times[j] - createdAt) * scale);
        }
        const lastMessageAt = times[times.length - 1];

        // Assignment: whoever answered; untouched cases are often still unassigned.
        let firstResponseAt: number | null = null;
        for (let j = 0; j < dirs.length; j++) {
          if (dirs[j] === OUT) {
            firstResponseAt = times[j];
            break;
          }
        }
        const assignee: StaffMember | null =
          firstResponseAt != null || status !== "OPEN" ? (r.chance(0.96) ? pickStaff(r, staff) : null) : r.chance(0.5) ? pickStaff(r, staff) : null;
        const replier = assignee ?? pickStaff(r, staff);

        let resolvedAt: number | null = null;
        let closedAt: number | null = null;
        let snoozedUntil: number | null = null;
        let lastActivityAt = lastMessageAt;
        if (status === "RESOLVED" || status === "CLOSED") {
          resolvedAt = Math.min(now - MINUTE, lastMessageAt + r.logUniform(MINUTE, 3 * HOUR));
          lastActivityAt = resolvedAt;
          if (status === "CLOSED") {
            const closeAt = resolvedAt + r.range(3, 7) * DAY;
            if (closeAt < now) {
              closedAt = closeAt;
              lastActivityAt = closeAt;
            } else status = "RESOLVED";
          }
        } else if (status === "SNOOZED") {
          snoozedUntil = now + r.logUniform(2 * HOUR, 7 * DAY);
          lastActivityAt = Math.min(now - MINUTE, lastMessageAt + r.logUniform(MINUTE, HOUR));
        }
        const reopenCount = status !== "PENDING" && status !== "SNOOZED" && firstResponseAt != null && r.chance(0.04) ? 1 : 0;

        const tags: string[] = [];
        if (r.chance(0.35)) tags.push(r.pick(content.tags));
        if (priority === "URGENT" && r.chance(0.5)) tags.push("escalated");
        if (r.chance(0.03)) tags.push("vip");
        const suggested = r.chance(0.88) ? topic : r.chance(0.6) ? TOPIC_PICK.pick(r) : null;
        const slaHours = STATUS_SLA_HOURS[priority];
        const firstResponseDueAt = createdAt + slaHours * HOUR;
        const resolutionDueAt = createdAt + slaHours * 5 * HOUR;
        // The earliest deadline still running: first response while unanswered, then resolution; none once
        // the case is snoozed, resolved or closed. Older open cases are past it (breached).
        const slaDueAt =
          status === "OPEN" ? (firstResponseAt == null ? firstResponseDueAt : resolutionDueAt) : status === "PENDING" ? resolutionDueAt : null;

        // Who has opened the case since: mostly its assignee, sometimes before the customer's latest message
        // (so it shows as updated), now and then a colleague.
        if (assignee && r.chance(0.7)) {
          const unreadUpdate = dirs[dirs.length - 1] === IN && dirs.length > 1 && r.chance(0.4);
          const readAt = unreadUpdate ? times[times.length - 2] + r.range(0.1, 0.9) * (times[times.length - 1] - times[times.length - 2]) : lastActivityAt;
          crRows.push(`${shopId}\t${caseId}\t${assignee.id}\t${ts(readAt)}\n`);
        }
        if (staff.length > 1 && r.chance(0.1)) {
          const other = staff[r.int(staff.length)];
          if (other !== assignee) crRows.push(`${shopId}\t${caseId}\t${other.id}\t${ts(createdAt + r.float() * (lastActivityAt - createdAt))}\n`);
        }

        // Placeholders for subjects and bodies.
        const product = order ? order.product : r.pick(scenario.sized ? SIZED_PRODUCTS : PRODUCTS).title;
        vars.first = copyText(customer.first);
        vars.agent = copyText(replier.first);
        vars.order = order ? copyText(order.name) : "your order";
        vars.product = copyText(product);
        vars.carrier = copyText(order?.carrier ?? "the carrier");
        vars.tracking = copyText(order?.tracking ?? "");
        htmlVars.first = copyText(htmlText(customer.first));
        htmlVars.agent = copyText(htmlText(replier.first));
        htmlVars.order = order ? copyText(htmlText(order.name)) : "your order";
        htmlVars.product = copyText(htmlText(product));
        htmlVars.carrier = copyText(htmlText(order?.carrier ?? "the carrier"));
        htmlVars.tracking = copyText(htmlText(order?.tracking ?? ""));

        const subject = renderText(r.pick(scenario.subjects), vars);
        const replySubject = `Re: ${subject}`;
        const customerName = `${customer.first} ${customer.last}`.trim();

        cRows.push(
          `${caseId}\t${shopId}\t${number}\t${subject}\t${status}\t${priority}\t${topic}\t${suggested ?? NULL}\t${channel}\t` +
            `${customer.id ?? NULL}\t${copyText(customer.email)}\t${copyText(customerName)}\t${assignee?.id ?? NULL}\t${textArray(tags)}\t` +
            `${tsNullable(snoozedUntil)}\t${tsNullable(firstResponseAt)}\t${tsNullable(resolvedAt)}\t${tsNullable(closedAt)}\t` +
            `${ts(firstResponseDueAt)}\t${ts(resolutionDueAt)}\t${tsNullable(slaDueAt)}\t${reopenCount}\t${ts(lastMessageAt)}\t` +
            `${ts(lastActivityAt)}\t${ts(createdAt)}\t${ts(lastActivityAt)}\n`,
        );
        if (order) {
          coRows.push(`${shopId}\t${caseId}\t${order.id}\t${LINKED_BY.pick(r)}\t${ts(createdAt + r.range(0, 5) * MINUTE)}\n`);
        }

        // Messages.
        const customerEmail = copyText(customer.email);
        const emailDomain = customer.email.slice(customer.email.lastIndexOf("@") + 1);
        let previousEmailId: string | null = null;
        const last = dirs.length - 1;
        let spoke = -1; // who wrote the last message that was not a note
        let answered = false;
        let noted = false;
        for (let j = 0; j < dirs.length; j++) {
          const d = dirs[j];
          const messageId = ids.next();
          const at = times[j];
          let template: Template;
          if (d === IN) {
            if (j === 0) template = r.pick(scenario.opening);
            else if (spoke === IN) template = r.pick(NUDGES);
            else template = closing && j === last ? r.pick(THANKS) : r.pick(scenario.followUp);
            spoke = IN;
          } else if (d === OUT) {
            if (!answered) template = r.pick(scenario.reply);
            else if (closing && j === last) template = r.pick(CLOSINGS);
            else if (spoke === OUT) template = r.pick(STAFF_NUDGE);
            else template = r.pick(scenario.nextReply);
            spoke = OUT;
            answered = true;
          } else {
            template = r.pick(noted ? GENERIC_NOTES : scenario.notes);
            noted = true;
          }
          let bodyText = renderText(template, vars);
          if (d === IN) {
            const viaEmail = j > 0 || channel === "EMAIL";
            const external = viaEmail ? `<${messageId}@mail.${emailDomain}>` : null;
            let bodyHtml = viaEmail ? renderHtml(template, htmlVars) : NULL;
            // A personal detail now and then: a long tail of words, from frequent to rare, for search.
            if (j === 0 && r.chance(DETAIL_SHARE)) {
              const detail = DETAILS.pick(r);
              bodyText += detail.text;
              if (viaEmail) bodyHtml += detail.html;
            }
            mRows.push(
              `${messageId}\t${shopId}\t${caseId}\tINBOUND\t${j === 0 ? channel : "EMAIL"}\tCUSTOMER\t${NULL}\t${copyText(customerName)}\t` +
                `${customerEmail}\t${j === 0 ? subject : replySubject}\t${bodyText}\t${bodyHtml}\t${external ? copyText(external) : NULL}\t` +
                `${previousEmailId ? copyText(previousEmailId) : NULL}\tRECEIVED\t${NULL}\t${ts(at)}\t${ts(at)}\n`,
            );
            if (external) previousEmailId = external;
          } else if (d === OUT) {
            const author = replier;
            const external = `<${messageId}@outbound.${domain}>`;
            const failed = r.chance(0.003);
            mRows.push(
              `${messageId}\t${shopId}\t${caseId}\tOUTBOUND\tEMAIL\tSTAFF\t${author.id}\t${copyText(author.name)}\t${copyText(author.email)}\t` +
                `${replySubject}\t${bodyText}\t${renderHtml(template, htmlVars)}\t${external}\t${previousEmailId ? copyText(previousEmailId) : NULL}\t` +
                `${failed ? "FAILED" : "SENT"}\t${failed ? "550 5.1.1 Recipient address rejected" : NULL}\t` +
                `${failed ? NULL : ts(at + 1000 + r.int(4000))}\t${ts(at)}\n`,
            );
            previousEmailId = external;
          } else {
            const author = r.chance(0.8) ? replier : r.pick(staff);
            mRows.push(
              `${messageId}\t${shopId}\t${caseId}\tNOTE\tADMIN\tSTAFF\t${author.id}\t${copyText(author.name)}\t${copyText(author.email)}\t` +
                `${NULL}\t${bodyText}\t${NULL}\t${NULL}\t${NULL}\tNOT_SENT\t${NULL}\t${NULL}\t${ts(at)}\n`,
            );
          }
        }
      }
      const n = end - start;
      let children: Promise<void>[];
      if (foreignKeyChecks.on) {
        // Triggers on: cases first, then what refers to them; the triggers keep "searchVector".
        const casesWritten = lanes.copy("Case", cRows);
        children = [
          lanes.copy("CaseOrder", coRows, [casesWritten]),
          lanes.copy("Message", mRows, [casesWritten]),
          lanes.copy("CaseRead", crRows, [casesWritten]),
        ];
      } else {
        // Triggers skipped: the batch in one transaction, messages and links first so that the cases'
        // search vectors can be computed from them as the cases are inserted (nothing half-written is committed).
        children = [
          lanes.copyMany([
            { table: "Message", sink: mRows },
            { table: "CaseOrder", sink: coRows },
            { table: "Case", sink: cRows, withSearchVector: true },
            { table: "CaseRead", sink: crRows },
          ]),
        ];
      }
      Promise.all(children).then(() => {
        units.cases += n;
      }, () => undefined);
      await lanes.throttle();
    }
    await lanes.drain();
  }

  // Fresh statistics for the planner (and, on request, the visibility map for index-only scans).
  enter("analyze");
  if (options.analyze !== false) {
    // Largest first, on as many connections as the COPY statements used.
    const queue: string[] = ["Message", "Case", "Order", "LineItem", "Fulfillment", "CaseOrder", "CaseRead", "Customer", "Staff", "Shop"];
    const command = options.analyze === "vacuum" ? "VACUUM (ANALYZE)" : "ANALYZE";
    const worker = async () => {
      for (let table = queue.shift(); table; table = queue.shift()) await pool.query(`${command} "${table}"`);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.floor(options.concurrency ?? 2)) }, worker));
  }

  // Rollups of this shop are out of date now (the insights triggers may have been skipped): rebuild them in full.
  await pool.query(`DELETE FROM "InsightState" WHERE "shopId" = $1`, [shopId]);

  enter("done");
  const seconds = (performance.now() - started) / 1000;
  return {
    shopId,
    shopDomain: domain,
    shopCreated: shop.created,
    rows,
    totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
    orderNumbers: orderCount > 0 ? { first: firstOrderNumber, last: firstOrderNumber + orderCount - 1 } : null,
    caseNumbers: caseCount > 0 ? { first: firstCaseNumber, last: firstCaseNumber + caseCount - 1 } : null,
    seconds,
    phaseSeconds,
    foreignKeyChecks,
  };
}

function checkCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer (got ${value})`);
  return value;
}
