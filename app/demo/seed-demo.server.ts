// The demo shop that `npm run demo` opens: a coherent, varied store with 90 days of orders, shipments,
// returns, refunds and support cases, generated from a seeded PRNG relative to `now`, so that a given
// (seed, now) always produces the same shop. Seeding is idempotent: a shop that already has orders is
// left as it is.

import { v7 as uuidv7 } from "uuid";
import db from "../db.server";
import { classify } from "../insights/classifier.server";
import { seedDemoDispute } from "./demo-dispute.server";
import { rebuildShopInsights } from "../insights/rollup/run.server";
import type {
  ActorType,
  CasePriority,
  CaseStatus,
  CaseTopic,
  Channel,
  FinancialStatus,
  FulfillmentStatus,
  Prisma,
  ReturnStatus,
  ShipmentStatus,
} from "../generated/prisma/client";
import {
  ATTEMPT_REASONS,
  CARRIERS,
  CITIES,
  CONVERSATIONS,
  DELAY_REASONS,
  DELIVERED_MESSAGES,
  DEMO_SETTINGS,
  DEMO_SHOP,
  DEMO_STAFF,
  DEMO_TAGS,
  DISCOUNT_CODES,
  EMAIL_DOMAINS,
  FAILURE_MESSAGE,
  FIRST_NAMES,
  GIFT_CARD_PRICES,
  HELP_ARTICLES,
  LAST_NAMES,
  MACROS,
  NUDGES,
  ORDER_NOTES,
  ORIGIN,
  PRODUCTS,
  RETURN_POLICY,
  RETURN_REASONS_WITH_NOTES,
  SATISFACTION_COMMENTS,
  STREETS,
  VENDOR,
  type CarrierName,
  type ConversationLine,
  type DemoCity,
  type DemoProduct,
  type DemoStaff,
} from "./demo-data";
import { addDemoPayments } from "./demo-payments";
import { demoSubscriptionRows } from "./seed-subscriptions.server";

export interface SeedDemoOptions {
  /** The moment the demo data is relative to (default: the current time). */
  now?: Date;
  /** PRNG seed: the same seed and `now` give the same shop (default 42). */
  seed?: number;
}

export interface SeedDemoResult {
  shopId: string;
  created: boolean;
  counts: Record<string, number>;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const TARGET = { customers: 120, orders: 200, guestOrders: 5 };

/**
 * Seeds the demo shop `domain` unless it already has orders. Everything is written in one transaction,
 * so a failed or concurrent seed never leaves half a shop behind.
 */
export async function seedDemoShop(domain: string, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const now = options.now ?? new Date();
  const seed = options.seed ?? 42;

  const existing = await db.shop.findUnique({ where: { domain }, select: { id: true } });
  if (existing && (await db.order.count({ where: { shopId: existing.id } })) > 0) {
    return { shopId: existing.id, created: false, counts: await countDemoRows(existing.id) };
  }

  const outcome = await db.$transaction(
    async (tx) => {
      // Two processes seeding the same shop at once: the second waits here, then finds the orders.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seed-demo:${domain}`}))`;
      const found = await tx.shop.findUnique({ where: { domain }, select: { id: true } });
      if (found && (await tx.order.count({ where: { shopId: found.id } })) > 0) {
        return { shopId: found.id, created: false };
      }

      const shopData = {
        name: DEMO_SHOP.name,
        email: DEMO_SHOP.email,
        currencyCode: DEMO_SHOP.currencyCode,
        ianaTimezone: DEMO_SHOP.ianaTimezone,
        scopes: DEMO_SHOP.scopes,
        settings: DEMO_SETTINGS,
        lastSyncedAt: now,
      };
      const shop = await tx.shop.upsert({
        where: { domain },
        create: { domain, ...shopData, installedAt: new Date(now.getTime() - 120 * DAY) },
        update: { ...shopData, state: "INSTALLED", uninstalledAt: null },
      });
      const shopId = shop.id;

      // Configuration first (skipDuplicates keeps anything the shop already had), then read back the ids.
      await tx.staff.createMany({ data: staffRows(shopId, now), skipDuplicates: true });
      const staffFound = await tx.staff.findMany({
        where: { shopId, email: { in: DEMO_STAFF.map((s) => s.email) } },
        select: { id: true, email: true },
      });
      await tx.helpArticle.createMany({ data: articleRows(shopId, now, seed), skipDuplicates: true });
      const articlesFound = await tx.helpArticle.findMany({
        where: { shopId, published: true },
        select: { id: true, slug: true },
      });

      const staffIds = new Map<DemoStaff["key"], string>();
      for (const s of DEMO_STAFF) {
        const row = staffFound.find((r) => r.email === s.email);
        if (row) staffIds.set(s.key, row.id);
      }
      const rows = buildDemoShop({
        shopId,
        domain,
        now,
        seed,
        staffIds,
        articleIds: new Map(articlesFound.map((a) => [a.slug, a.id])),
        firstCaseNumber: shop.nextCaseNumber,
      });

      await tx.tag.createMany({ data: rows.tags, skipDuplicates: true });
      await tx.macro.createMany({ data: rows.macros, skipDuplicates: true });
      await tx.returnPolicy.createMany({ data: [rows.returnPolicy], skipDuplicates: true });
      await tx.customer.createMany({ data: rows.customers });
      // Payment transactions (and the orders' gateways and payment terms) derived from the orders built above.
      const orderTransactions = addDemoPayments(shopId, rows);
      await tx.order.createMany({ data: rows.orders });
      await tx.lineItem.createMany({ data: rows.lineItems });
      await tx.fulfillment.createMany({ data: rows.fulfillments });
      await tx.fulfillmentLineItem.createMany({ data: rows.fulfillmentLines });
      await tx.fulfillmentEvent.createMany({ data: rows.fulfillmentEvents });
      await tx.refund.createMany({ data: rows.refunds });
      await tx.orderTransaction.createMany({ data: orderTransactions });
      await tx.refundLineItem.createMany({ data: rows.refundLines });
      await tx.return.createMany({ data: rows.returns });
      await tx.returnLineItem.createMany({ data: rows.returnLines });
      await tx.case.createMany({ data: withClassifierFlags(rows.cases, rows.messages) });
      await tx.caseOrder.createMany({ data: rows.caseOrders });
      await tx.message.createMany({ data: rows.messages });
      await tx.caseEvent.createMany({ data: rows.caseEvents });
      const subscriptions = demoSubscriptionRows(shopId, rows.customers, rows.cases, now);
      await tx.subscriptionContract.createMany({ data: subscriptions.contracts });
      await tx.subscriptionBillingAttempt.createMany({ data: subscriptions.attempts });
      await tx.satisfactionRating.createMany({ data: rows.ratings });
      await tx.selfServiceEvent.createMany({ data: rows.selfServiceEvents });
      await tx.shop.update({ where: { id: shopId }, data: { nextCaseNumber: shop.nextCaseNumber + rows.cases.length } });
      return { shopId, created: true };
    },
    { maxWait: 30_000, timeout: 180_000 },
  );

  // The insights dashboard reads daily rollups: build them now rather than on the job's first minute.
  if (outcome.created) await seedDemoDispute(outcome.shopId, now);
  if (outcome.created) await rebuildShopInsights(outcome.shopId, now);
  return { ...outcome, counts: await countDemoRows(outcome.shopId) };
}

/**
 * Urgency, sentiment and signals of each seeded case from the real classifier, read off its first customer message
 * (topics stay as the demo scripts them, so the story of each case is stable).
 */
function withClassifierFlags(
  cases: Prisma.CaseCreateManyInput[],
  messages: Prisma.MessageCreateManyInput[],
): Prisma.CaseCreateManyInput[] {
  const first = new Map<string, Prisma.MessageCreateManyInput>();
  for (const m of messages) if (m.direction === "INBOUND" && !first.has(m.caseId)) first.set(m.caseId, m);
  return cases.map((c) => {
    const m = c.id ? first.get(c.id) : undefined;
    if (!m) return c;
    const found = classify({ subject: m.subject, body: m.bodyText });
    return { ...c, urgent: found.urgent, sentiment: found.sentiment, signals: found.signals };
  });
}

type ShopCounter = (where: { shopId: string }) => Promise<number>;

/** Every table the demo seeds, by the name its count is reported under. */
const DEMO_TABLE_COUNTERS: Record<string, ShopCounter> = {
  staff: (where) => db.staff.count({ where }),
  tags: (where) => db.tag.count({ where }),
  macros: (where) => db.macro.count({ where }),
  helpArticles: (where) => db.helpArticle.count({ where }),
  returnPolicies: (where) => db.returnPolicy.count({ where }),
  customers: (where) => db.customer.count({ where }),
  orders: (where) => db.order.count({ where }),
  lineItems: (where) => db.lineItem.count({ where }),
  fulfillments: (where) => db.fulfillment.count({ where }),
  fulfillmentLineItems: (where) => db.fulfillmentLineItem.count({ where }),
  fulfillmentEvents: (where) => db.fulfillmentEvent.count({ where }),
  refunds: (where) => db.refund.count({ where }),
  orderTransactions: (where) => db.orderTransaction.count({ where }),
  refundLineItems: (where) => db.refundLineItem.count({ where }),
  returns: (where) => db.return.count({ where }),
  returnLineItems: (where) => db.returnLineItem.count({ where }),
  cases: (where) => db.case.count({ where }),
  caseOrders: (where) => db.caseOrder.count({ where }),
  messages: (where) => db.message.count({ where }),
  caseEvents: (where) => db.caseEvent.count({ where }),
  satisfactionRatings: (where) => db.satisfactionRating.count({ where }),
  selfServiceEvents: (where) => db.selfServiceEvent.count({ where }),
};

/** Row counts of everything the demo seeds, for one shop. */
export async function countDemoRows(shopId: string): Promise<Record<string, number>> {
  const counted = await Promise.all(
    Object.entries(DEMO_TABLE_COUNTERS).map(async ([name, count]) => [name, await count({ shopId })] as const),
  );
  return Object.fromEntries(counted);
}

// ───────────────────────────── Configuration rows ─────────────────────────────

function staffRows(shopId: string, now: Date): Prisma.StaffCreateManyInput[] {
  return DEMO_STAFF.map((s, i) => ({
    id: uuidv7(),
    shopId,
    shopifyUserId: BigInt(s.shopifyUserId),
    email: s.email,
    firstName: s.firstName,
    lastName: s.lastName,
    role: s.role,
    accountOwner: s.accountOwner,
    refundLimit: s.refundLimit,
    lastSeenAt: new Date(now.getTime() - (i + 1) * 37 * MIN),
    // The owner joined first: demo mode signs in as the first admin.
    createdAt: new Date(now.getTime() - (118 - i * 20) * DAY),
  }));
}

function articleRows(shopId: string, now: Date, seed: number): Prisma.HelpArticleCreateManyInput[] {
  const rng = new Rng(seed ^ 0x5eed);
  return HELP_ARTICLES.map((a, i) => {
    const createdAt = new Date(now.getTime() - (110 - i * 3) * DAY);
    return {
      id: uuidv7(),
      shopId,
      slug: a.slug,
      title: a.title,
      body: a.body,
      topic: a.topic,
      published: a.published,
      viewCount: a.published ? rng.int(60, 900) : 0,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + rng.int(0, 40) * DAY),
    };
  });
}

// ───────────────────────────── PRNG ─────────────────────────────

class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(0, 15)];
    return s;
  }
  alnum(n: number): string {
    const chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    let s = "";
    for (let i = 0; i < n; i++) s += chars[this.int(0, chars.length - 1)];
    return s;
  }
}

/** Increasing Shopify-style numeric ids with irregular gaps. */
class IdSequence {
  constructor(
    private current: bigint,
    private readonly rng: Rng,
    private readonly gap: [number, number],
  ) {}
  next(): bigint {
    this.current += BigInt(this.rng.int(this.gap[0], this.gap[1]));
    return this.current;
  }
}

// ───────────────────────────── Generated model ─────────────────────────────

interface GenCustomer {
  id: string;
  shopifyId: bigint;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  city: DemoCity;
  address1: string;
  address2: string | null;
  zip: string;
  company: string | null;
  wholesale: boolean;
  tags: string[];
  orders: GenOrder[];
  createdAt: Date;
}

interface GenLine {
  id: string;
  shopifyId: bigint;
  product: DemoProduct;
  variantId: bigint;
  variantTitle: string;
  sku: string;
  quantity: number;
  /** Unit price in cents. */
  price: number;
  /** Discount on the whole line, in cents. */
  discount: number;
  backordered: boolean;
}

interface GenEvent {
  status: ShipmentStatus;
  at: Date;
  message: string;
  city: string;
  province: string;
  country: string;
  estimatedDeliveryAt: Date | null;
}

interface GenFulfillment {
  id: string;
  shopifyId: bigint;
  name: string;
  lines: { line: GenLine; quantity: number }[];
  digital: boolean;
  carrier: CarrierName | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  labelAt: Date;
  shippedAt: Date;
  /** The delivery moment the carrier plans (after any delay), possibly in the future. */
  deliveryAt: Date;
  originalDeliveryAt: Date;
  delay: { at: Date; extraMs: number; reason: string } | null;
  attempt: string | null;
  failure: boolean;
  /** Events that have happened by `now`. */
  events: GenEvent[];
  shipmentStatus: ShipmentStatus | null;
  inTransitAt: Date | null;
  deliveredAt: Date | null;
  updatedAt: Date;
}

interface GenRefund {
  id: string;
  shopifyId: bigint;
  amount: number;
  note: string;
  restocked: boolean;
  processedAt: Date;
  lines: { line: GenLine; quantity: number; subtotal: number; restockType: string }[];
  kind: "cancel" | "return" | "damaged" | "adjustment" | "shipping" | "goodwill";
}

interface GenReturn {
  id: string;
  shopifyId: bigint;
  name: string;
  status: ReturnStatus;
  declineReason: string | null;
  declineNote: string | null;
  requestedAt: Date;
  approvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  lines: { line: GenLine; quantity: number; reason: string; note: string | null }[];
  refund: GenRefund | null;
}

interface GenOrder {
  id: string;
  shopifyId: bigint;
  number: number;
  name: string;
  customer: GenCustomer | null;
  guest: { firstName: string; lastName: string; email: string; phone: string } | null;
  city: DemoCity;
  address1: string;
  address2: string | null;
  zip: string;
  processedAt: Date;
  lines: GenLine[];
  discountCode: string | null;
  taxRate: number;
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  refunded: number;
  expedited: boolean;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  cancelledAt: Date | null;
  cancelReason: string | null;
  closedAt: Date | null;
  tags: string[];
  note: string | null;
  fulfillments: GenFulfillment[];
  refunds: GenRefund[];
  returns: GenReturn[];
  /** Set when the order plays a part in a scripted situation, so it is not reused for another. */
  role: string | null;
  /** Set when a case is about this order. */
  caseLinked: boolean;
}

interface BuildInput {
  shopId: string;
  domain: string;
  now: Date;
  seed: number;
  staffIds: Map<DemoStaff["key"], string>;
  articleIds: Map<string, string>;
  firstCaseNumber: number;
}

export interface DemoShopRows {
  tags: Prisma.TagCreateManyInput[];
  macros: Prisma.MacroCreateManyInput[];
  returnPolicy: Prisma.ReturnPolicyCreateManyInput;
  customers: Prisma.CustomerCreateManyInput[];
  orders: Prisma.OrderCreateManyInput[];
  lineItems: Prisma.LineItemCreateManyInput[];
  fulfillments: Prisma.FulfillmentCreateManyInput[];
  fulfillmentLines: Prisma.FulfillmentLineItemCreateManyInput[];
  fulfillmentEvents: Prisma.FulfillmentEventCreateManyInput[];
  refunds: Prisma.RefundCreateManyInput[];
  refundLines: Prisma.RefundLineItemCreateManyInput[];
  returns: Prisma.ReturnCreateManyInput[];
  returnLines: Prisma.ReturnLineItemCreateManyInput[];
  cases: Prisma.CaseCreateManyInput[];
  caseOrders: Prisma.CaseOrderCreateManyInput[];
  messages: Prisma.MessageCreateManyInput[];
  caseEvents: Prisma.CaseEventCreateManyInput[];
  ratings: Prisma.SatisfactionRatingCreateManyInput[];
  selfServiceEvents: Prisma.SelfServiceEventCreateManyInput[];
}

const money = (cents: number) => (cents / 100).toFixed(2);
const usd = (cents: number) => `$${money(cents)}`;
const at = (ms: number) => new Date(ms);
const maxDate = (...dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));
const lineNet = (l: GenLine) => l.price * l.quantity - l.discount;
const unitNet = (l: GenLine, qty: number) => Math.round((lineNet(l) * qty) / l.quantity);
const isReturnable = (l: GenLine) =>
  l.product.requiresShipping &&
  !l.product.tags.some((t) => RETURN_POLICY.excludedTags.includes(t)) &&
  !RETURN_POLICY.excludedProductTypes.includes(l.product.productType);

function slugify(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-zA-Z]/g, "")
    .toLowerCase();
}

function formatDay(d: Date): string {
  return d.toLocaleDateString("en-US", { weekday: "long", month: "short", day: "numeric", timeZone: DEMO_SHOP.ianaTimezone });
}

/** Builds every row of the demo shop in memory. Pure apart from the row ids (UUIDv7). */
export function buildDemoShop(input: BuildInput): DemoShopRows {
  const { shopId, now } = input;
  const nowMs = now.getTime();
  const rng = new Rng(input.seed);
  const ids = {
    customer: new IdSequence(7412958000000n, rng, [40_000, 2_500_000]),
    order: new IdSequence(5901234000000n, rng, [30_000, 900_000]),
    line: new IdSequence(14012345000000n, rng, [1_000, 90_000]),
    fulfillment: new IdSequence(5402118000000n, rng, [20_000, 600_000]),
    fulfillmentLine: new IdSequence(12904551000000n, rng, [1_000, 60_000]),
    event: new IdSequence(3901776000000n, rng, [500, 40_000]),
    refund: new IdSequence(1001245000000n, rng, [50_000, 3_000_000]),
    refundLine: new IdSequence(6201455000000n, rng, [1_000, 90_000]),
    return: new IdSequence(14233010000n, rng, [5_000, 400_000]),
    returnLine: new IdSequence(22500670000n, rng, [1_000, 90_000]),
  };

  // ── Customers ──
  const customers: GenCustomer[] = [];
  const usedNames = new Set<string>();
  const usedEmails = new Set<string>();
  const newPerson = () => {
    let first = "";
    let last = "";
    do {
      first = rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
    } while (usedNames.has(`${first} ${last}`));
    usedNames.add(`${first} ${last}`);
    let email = "";
    do {
      const local = rng.pick([
        `${slugify(first)}.${slugify(last)}`,
        `${slugify(first)}${slugify(last)}`,
        `${slugify(first)[0]}${slugify(last)}`,
        `${slugify(first)}.${slugify(last)}${rng.int(2, 99)}`,
      ]);
      email = `${local}@${rng.pick(EMAIL_DOMAINS)}`;
    } while (usedEmails.has(email));
    usedEmails.add(email);
    return { first, last, email };
  };
  const phoneFor = (city: DemoCity) => {
    if (city.countryCode === "US" || city.countryCode === "CA") return `+1${city.areaCode}55501${rng.digits(2)}`;
    if (city.countryCode === "GB") return `+44207946${rng.int(0, 9)}${rng.digits(3)}`;
    return `+49${city.areaCode}${rng.digits(7)}`;
  };
  const zipFor = (city: DemoCity) => {
    if (city.countryCode === "US") return `${city.zip}${rng.digits(2)}`;
    if (city.countryCode === "CA") return `${city.zip} ${rng.int(1, 9)}${rng.alnum(1).replace(/[0-9]/, "K")}${rng.int(1, 9)}`;
    if (city.countryCode === "GB") return `${city.zip} ${rng.int(1, 9)}AA`;
    return `${city.zip}${rng.digits(2)}`;
  };
  const streetFor = () => `${rng.int(12, 4980)} ${rng.pick(STREETS)}`;
  const aptFor = () => (rng.chance(0.25) ? rng.pick(["Apt 4B", "Unit 12", "Apt 301", "Suite 200", "Apt 2"]) : null);

  const wholesaleCompanies = ["Trailblaze Adventures LLC", "High Desert Outfitters", "Lakeside Paddle & Pack"];
  for (let i = 0; i < TARGET.customers; i++) {
    const person = newPerson();
    const city = rng.weighted(CITIES, (c) => c.weight);
    customers.push({
      id: uuidv7(),
      shopifyId: ids.customer.next(),
      firstName: person.first,
      lastName: person.last,
      email: person.email,
      phone: phoneFor(city),
      city,
      address1: streetFor(),
      address2: aptFor(),
      zip: zipFor(city),
      company: null,
      wholesale: false,
      tags: rng.chance(0.4) ? ["newsletter"] : [],
      orders: [],
      createdAt: now,
    });
  }
  // Customers 0–99 buy at least once; 100–119 have accounts but no orders (they ask product questions).
  const buyers = customers.slice(0, 100);
  const wholesalers = rng.shuffle(buyers).slice(0, 3);
  wholesalers.forEach((c, i) => {
    c.wholesale = true;
    c.company = wholesaleCompanies[i];
    c.tags = ["wholesale"];
  });

  // ── Orders: when and for whom ──
  const orderTimes: number[] = [];
  for (let i = 0; i < TARGET.orders; i++) {
    // Denser towards `now` (a growing shop), never in the last 20 minutes.
    const age = 20 * MIN + Math.pow(rng.next(), 1.5) * (90 * DAY - 20 * MIN);
    orderTimes.push(nowMs - age);
  }
  orderTimes.sort((a, b) => a - b);
  const owners: (GenCustomer | null)[] = [...buyers];
  const repeatWeights = new Map(buyers.map((c) => [c, c.wholesale ? 6 : Math.pow(rng.next(), 3) * 5]));
  while (owners.length < TARGET.orders - TARGET.guestOrders) owners.push(rng.weighted(buyers, (c) => repeatWeights.get(c) ?? 1));
  for (let i = 0; i < TARGET.guestOrders; i++) owners.push(null);
  const shuffledOwners = rng.shuffle(owners);

  const orders: GenOrder[] = orderTimes.map((t, i) => {
    const customer = shuffledOwners[i];
    let guest: GenOrder["guest"] = null;
    let city: DemoCity;
    let address1: string;
    let address2: string | null;
    let zip: string;
    if (customer) {
      city = customer.city;
      address1 = customer.address1;
      address2 = customer.address2;
      zip = customer.zip;
    } else {
      const person = newPerson();
      city = rng.weighted(CITIES, (c) => c.weight);
      guest = { firstName: person.first, lastName: person.last, email: person.email, phone: phoneFor(city) };
      address1 = streetFor();
      address2 = aptFor();
      zip = zipFor(city);
    }
    const wholesale = customer?.wholesale ?? false;
    const lines = buildLines(rng, ids.line, wholesale);
    const discount = wholesale ? { code: null, percent: 30 } : rng.chance(0.18) ? rng.pick(DISCOUNT_CODES) : null;
    for (const l of lines) {
      if (discount && l.product.requiresShipping) l.discount = Math.round((l.price * l.quantity * discount.percent) / 100);
    }
    const physical = lines.some((l) => l.product.requiresShipping);
    const subtotal = lines.reduce((sum, l) => sum + lineNet(l), 0);
    const taxable = lines.filter((l) => l.product.requiresShipping).reduce((sum, l) => sum + lineNet(l), 0);
    const expedited = physical && city.countryCode === "US" && rng.chance(0.12);
    const shipping = !physical
      ? 0
      : city.countryCode === "US"
        ? expedited
          ? 1495
          : subtotal >= 9900
            ? 0
            : 795
        : city.countryCode === "CA"
          ? 1495
          : 2995;
    const tax = Math.round(taxable * city.taxRate);
    const note = rng.chance(0.07) ? rng.pick(ORDER_NOTES) : null;
    const number = 1001 + i;
    const order: GenOrder = {
      id: uuidv7(),
      shopifyId: ids.order.next(),
      number,
      name: `#${number}`,
      customer,
      guest,
      city,
      address1,
      address2,
      zip,
      processedAt: at(t),
      lines,
      discountCode: discount?.code ?? null,
      taxRate: city.taxRate,
      subtotal,
      shipping,
      tax,
      total: subtotal + shipping + tax,
      refunded: 0,
      expedited,
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      tags: [],
      note,
      fulfillments: [],
      refunds: [],
      returns: [],
      role: null,
      caseLinked: false,
    };
    if (wholesale) order.tags.push("wholesale");
    if (note && /gift|birthday/i.test(note)) order.tags.push("gift");
    customer?.orders.push(order);
    return order;
  });

  const ageOf = (o: GenOrder) => nowMs - o.processedAt.getTime();
  const physicalLines = (o: GenOrder) => o.lines.filter((l) => l.product.requiresShipping);
  const takeOrders = (n: number, filter: (o: GenOrder) => boolean, role: string) => {
    const picked = rng.shuffle(orders.filter((o) => o.role === null && filter(o))).slice(0, n);
    for (const o of picked) o.role = role;
    return picked;
  };

  // ── Payment states and cancellations ──
  const cancelledRecent = takeOrders(2, (o) => ageOf(o) > 1 * DAY && ageOf(o) < 12 * DAY && physicalLines(o).length > 0, "cancelled");
  const cancelledOld = takeOrders(4, (o) => ageOf(o) > 14 * DAY && physicalLines(o).length > 0, "cancelled");
  [...cancelledRecent, ...cancelledOld].forEach((o, i) => {
    const voided = i === 1 || i === 4;
    o.cancelledAt = at(o.processedAt.getTime() + rng.int(20, 300) * MIN);
    o.cancelReason = i === 4 ? "declined" : i === 5 ? "inventory" : "customer";
    o.closedAt = o.cancelledAt;
    if (voided) {
      o.financialStatus = "VOIDED";
    } else {
      o.refunds.push({
        id: uuidv7(),
        shopifyId: ids.refund.next(),
        amount: o.total,
        note: o.cancelReason === "inventory" ? "Cancelled: item out of stock" : "Order cancelled at the customer's request",
        restocked: true,
        processedAt: at(o.cancelledAt.getTime() + rng.int(1, 4) * MIN),
        lines: o.lines.map((l) => ({ line: l, quantity: l.quantity, subtotal: lineNet(l), restockType: "cancel" })),
        kind: "cancel",
      });
    }
  });
  takeOrders(3, (o) => ageOf(o) < 3 * DAY && ageOf(o) > 6 * HOUR && physicalLines(o).length > 0, "pending").forEach((o) => {
    o.financialStatus = "PENDING";
  });
  takeOrders(2, (o) => ageOf(o) < 2 * DAY && ageOf(o) > 6 * HOUR && physicalLines(o).length > 0, "authorized").forEach((o) => {
    o.financialStatus = "AUTHORIZED";
  });

  // ── Backorders: whole orders waiting for stock, and orders shipping in two parts ──
  const waitingOrders = takeOrders(
    3,
    (o) => ageOf(o) > 4 * DAY && ageOf(o) < 10 * DAY && physicalLines(o).length === 1 && o.lines.length === 1,
    "backordered",
  );
  for (const o of waitingOrders) o.lines[0].backordered = true;
  const splitOrders = [
    ...takeOrders(4, (o) => ageOf(o) > 5 * DAY && ageOf(o) < 12 * DAY && physicalLines(o).length >= 2, "partial"),
    ...takeOrders(3, (o) => ageOf(o) > 25 * DAY && physicalLines(o).length >= 2, "split"),
  ];
  for (const o of splitOrders) physicalLines(o)[physicalLines(o).length - 1].backordered = true;

  // ── Fulfillments and their carrier history ──
  const carrierFor = (o: GenOrder): CarrierName => {
    if (o.city.countryCode === "US") return o.expedited ? "FedEx" : rng.weighted(["UPS", "USPS", "FedEx"] as const, (c) => (c === "UPS" ? 40 : c === "USPS" ? 35 : 25));
    if (o.city.countryCode === "CA") return rng.chance(0.7) ? "Canada Post" : "UPS";
    return "DHL Express";
  };
  const trackingFor = (carrier: CarrierName) => {
    switch (carrier) {
      case "UPS":
        return `1ZA9V72E03${rng.digits(8)}`;
      case "USPS":
        return `94001${rng.digits(17)}`;
      case "FedEx":
        return `7${rng.digits(11)}`;
      case "DHL Express":
        return `${rng.int(1, 9)}${rng.digits(9)}`;
      case "Canada Post":
        return `70${rng.digits(14)}`;
    }
  };
  const deliveryTime = (fromMs: number, days: number, carrier: CarrierName) => {
    const d = new Date(Math.max(fromMs + days * DAY, fromMs + 20 * HOUR));
    // Carriers deliver 10:00–19:00 Eastern; nobody delivers on Sunday and only USPS on Saturday.
    while (d.getUTCDay() === 0 || (d.getUTCDay() === 6 && carrier !== "USPS")) d.setUTCDate(d.getUTCDate() + 1);
    d.setUTCHours(rng.int(15, 23), rng.int(0, 59), rng.int(0, 59), 0);
    return Math.max(d.getTime(), fromMs + 20 * HOUR);
  };

  const allFulfillments: { order: GenOrder; f: GenFulfillment }[] = [];
  for (const o of orders) {
    if (o.cancelledAt || o.financialStatus === "PENDING" || o.financialStatus === "AUTHORIZED") continue;
    const digitalLines = o.lines.filter((l) => !l.product.requiresShipping);
    if (digitalLines.length > 0) {
      const t = o.processedAt.getTime() + rng.int(1, 3) * MIN;
      const f = newFulfillment(o, digitalLines, null, t, t, t);
      f.digital = true;
      allFulfillments.push({ order: o, f });
    }
    const shippable = physicalLines(o);
    if (shippable.length === 0) continue;
    const groups: GenLine[][] = [shippable.filter((l) => !l.backordered), shippable.filter((l) => l.backordered)].filter((g) => g.length > 0);
    for (const group of groups) {
      // The warehouse packs on weekdays; backordered items leave when the restock arrives.
      const readyAt = group[0].backordered
        ? o.processedAt.getTime() + (o.role === "split" ? rng.float(5, 9) : rng.float(13, 18)) * DAY
        : o.processedAt.getTime() + rng.int(60, rng.chance(0.8) ? 600 : 1800) * MIN;
      const labelAt = packingSlot(readyAt);
      const shippedAt = labelAt + rng.int(90, 420) * MIN;
      if (labelAt > nowMs) continue;
      const carrier = carrierFor(o);
      const [tMin, tMax] = o.expedited ? [1.5, 2.5] : CARRIERS[carrier].transitDays;
      const deliveryAt = deliveryTime(shippedAt, rng.float(tMin, tMax), carrier);
      const f = newFulfillment(o, group, carrier, labelAt, shippedAt, deliveryAt);
      const units = group.reduce((sum, l) => sum + l.quantity, 0);
      if (units >= 5) {
        const second = trackingFor(carrier);
        f.trackingNumbers.push(second);
        f.trackingUrls.push(CARRIERS[carrier].trackingUrl(second));
      }
      // Some shipments that are over by now had a hiccup on the way.
      if (deliveryAt < nowMs - 4 * DAY) {
        if (rng.chance(0.08)) {
          const delayAt = shippedAt + (deliveryAt - shippedAt) * rng.float(0.35, 0.7);
          f.delay = { at: at(delayAt), extraMs: rng.float(1, 2.5) * DAY, reason: rng.pick(DELAY_REASONS) };
        } else if (rng.chance(0.05)) {
          f.attempt = rng.pick(ATTEMPT_REASONS);
        }
      }
      allFulfillments.push({ order: o, f });
    }
  }

  function packingSlot(ms: number): number {
    // Mon–Fri 16:00–23:30 UTC is the Portland warehouse's working day (9:00–16:30 Pacific).
    const d = new Date(ms);
    for (let i = 0; i < 8; i++) {
      const day = d.getUTCDay();
      const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
      if (day >= 1 && day <= 5 && minutes >= 16 * 60 && minutes < 23 * 60 + 30) break;
      if (day >= 1 && day <= 5 && minutes < 16 * 60) d.setUTCHours(16, rng.int(0, 90), 0, 0);
      else {
        d.setUTCDate(d.getUTCDate() + 1);
        d.setUTCHours(16, rng.int(0, 90), 0, 0);
      }
    }
    return d.getTime();
  }

  function newFulfillment(o: GenOrder, lines: GenLine[], carrier: CarrierName | null, labelAt: number, shippedAt: number, deliveryAt: number): GenFulfillment {
    const tracking = carrier ? trackingFor(carrier) : null;
    const f: GenFulfillment = {
      id: uuidv7(),
      shopifyId: ids.fulfillment.next(),
      name: `${o.name}.${o.fulfillments.length + 1}`,
      lines: lines.map((line) => ({ line, quantity: line.quantity })),
      digital: false,
      carrier,
      trackingNumbers: tracking ? [tracking] : [],
      trackingUrls: tracking && carrier ? [CARRIERS[carrier].trackingUrl(tracking)] : [],
      labelAt: at(labelAt),
      shippedAt: at(shippedAt),
      deliveryAt: at(deliveryAt),
      originalDeliveryAt: at(deliveryAt),
      delay: null,
      attempt: null,
      failure: false,
      events: [],
      shipmentStatus: null,
      inTransitAt: null,
      deliveredAt: null,
      updatedAt: at(labelAt),
    };
    o.fulfillments.push(f);
    return f;
  }

  // Scripted shipments that are happening right now: delayed, missed, failed, out for delivery, label only.
  const shipped = allFulfillments.filter(({ order, f }) => !f.digital && order.role === null);
  const shippedBetween = (fromDaysAgo: number, toDaysAgo: number) =>
    shipped.filter(({ order, f }) => order.role === null && f.shippedAt.getTime() <= nowMs - toDaysAgo * DAY && f.shippedAt.getTime() >= nowMs - fromDaysAgo * DAY);
  // Prefer parcels that would have arrived by now, so that the ones naturally in transit stay in transit.
  const claim = (pool: { order: GenOrder; f: GenFulfillment }[], n: number, role: string) => {
    const arrived = (p: { f: GenFulfillment }) => p.f.deliveryAt.getTime() + (p.f.delay?.extraMs ?? 0) + (p.f.attempt ? DAY : 0) <= nowMs;
    const picked = [...rng.shuffle(pool.filter(arrived)), ...rng.shuffle(pool.filter((p) => !arrived(p)))].slice(0, n);
    for (const p of picked) {
      p.order.role = role;
      p.f.delay = null;
      p.f.attempt = null;
    }
    return picked;
  };
  for (const { f } of claim(shippedBetween(9, 1.2), 4, "delayed")) {
    const delayAt = Math.max(f.shippedAt.getTime() + 0.5 * DAY, nowMs - rng.int(3, 18) * HOUR);
    const originalAt = Math.max(f.originalDeliveryAt.getTime(), delayAt + 12 * HOUR);
    f.originalDeliveryAt = at(originalAt);
    f.deliveryAt = at(originalAt);
    f.delay = { at: at(delayAt), extraMs: Math.max(nowMs - delayAt, 0) + rng.float(1.5, 3) * DAY, reason: rng.pick(DELAY_REASONS) };
  }
  for (const { f } of claim(shippedBetween(8, 1.5), 2, "attempted")) {
    const attemptAt = nowMs - rng.int(6, 20) * HOUR;
    f.deliveryAt = at(attemptAt);
    f.originalDeliveryAt = at(attemptAt);
    f.attempt = rng.pick(ATTEMPT_REASONS);
  }
  for (const { f } of claim(shippedBetween(10, 2), 1, "failed")) {
    const failAt = nowMs - rng.int(6, 30) * HOUR;
    f.deliveryAt = at(failAt);
    f.originalDeliveryAt = at(failAt);
    f.failure = true;
  }
  for (const { f } of claim(shippedBetween(7, 1.5), 1, "out-for-delivery")) {
    const eta = nowMs + rng.int(60, 240) * MIN;
    f.deliveryAt = at(eta);
    f.originalDeliveryAt = at(eta);
  }
  // One order packed in the last hours whose label is printed but the carrier has not picked it up yet.
  const labelOnly = takeOrders(
    1,
    (o) => ageOf(o) > 3 * HOUR && ageOf(o) < DAY && o.financialStatus === "PAID" && o.fulfillments.length === 0 && o.lines.every((l) => l.product.requiresShipping),
    "label-only",
  );
  for (const o of labelOnly) {
    const labelAt = nowMs - rng.int(30, 120) * MIN;
    const shippedAt = nowMs + rng.int(2, 10) * HOUR;
    const carrier = carrierFor(o);
    const f = newFulfillment(o, physicalLines(o), carrier, labelAt, shippedAt, deliveryTime(shippedAt, rng.float(...CARRIERS[carrier].transitDays), carrier));
    allFulfillments.push({ order: o, f });
  }

  for (const { order, f } of allFulfillments) buildTimeline(order, f);

  function buildTimeline(o: GenOrder, f: GenFulfillment) {
    if (f.digital || !f.carrier) {
      f.updatedAt = f.labelAt;
      return;
    }
    const carrier = CARRIERS[f.carrier];
    const dest = { city: o.city.city, province: o.city.provinceCode, country: o.city.countryCode };
    const hub = o.city.countryCode === "CA" && f.carrier === "Canada Post" ? carrier.hubs[o.city.provinceCode === "BC" ? 0 : 1] : rng.pick(carrier.hubs);
    const origin = ORIGIN;
    const s = f.shippedAt.getTime();
    const e = f.deliveryAt.getTime();
    const span = Math.max(e - s, 20 * HOUR);
    type Step = { status: ShipmentStatus; t: number; message: string; place: { city: string; province: string; country: string } };
    const steps: Step[] = [
      { status: "LABEL_PRINTED", t: f.labelAt.getTime(), message: "Shipping label created, carrier awaiting item", place: origin },
      { status: "CARRIER_PICKED_UP", t: s, message: `Picked up by ${carrier.name}`, place: origin },
      { status: "IN_TRANSIT", t: s + Math.min(span * 0.2, 10 * HOUR), message: "Departed origin facility", place: origin },
      { status: "IN_TRANSIT", t: s + span * 0.5, message: "Arrived at sort facility", place: hub },
      { status: "IN_TRANSIT", t: e - Math.max(8 * HOUR, Math.min(span * 0.25, rng.int(9, 14) * HOUR)), message: "Arrived at destination facility", place: dest },
    ];
    if (f.failure) {
      steps.push({ status: "FAILURE", t: e, message: FAILURE_MESSAGE, place: dest });
    } else {
      steps.push({ status: "OUT_FOR_DELIVERY", t: e - rng.int(5, 7) * HOUR, message: "Out for delivery", place: dest });
      if (f.attempt) {
        steps.push({ status: "ATTEMPTED_DELIVERY", t: e, message: f.attempt, place: dest });
        steps.push({ status: "OUT_FOR_DELIVERY", t: e + DAY - rng.int(4, 6) * HOUR, message: "Out for delivery", place: dest });
        steps.push({ status: "DELIVERED", t: e + DAY, message: rng.pick(DELIVERED_MESSAGES), place: dest });
      } else {
        steps.push({ status: "DELIVERED", t: e, message: rng.pick(DELIVERED_MESSAGES), place: dest });
      }
    }
    steps.sort((a, b) => a.t - b.t);
    let finalEstimate = f.attempt ? e + DAY : e;
    if (f.delay) {
      const d = f.delay;
      // A parcel is held up before its last leg (out for delivery, delivered, failed), never at the same moment.
      const lastLeg = steps.find((st) => st.status !== "LABEL_PRINTED" && st.status !== "CARRIER_PICKED_UP" && st.status !== "IN_TRANSIT");
      if (lastLeg && d.at.getTime() >= lastLeg.t - 30 * MIN) d.at = at(lastLeg.t - rng.int(45, 120) * MIN);
      while (steps.some((st) => Math.abs(st.t - d.at.getTime()) < MIN)) d.at = at(d.at.getTime() - rng.int(7, 40) * MIN);
      const dAt = d.at.getTime();
      for (const step of steps) if (step.t > dAt) step.t += d.extraMs;
      finalEstimate += d.extraMs;
      const place = steps.filter((st) => st.t <= dAt).at(-1)?.place ?? hub;
      steps.push({ status: "DELAYED", t: dAt, message: d.reason, place });
      steps.sort((a, b) => a.t - b.t);
    }
    f.deliveryAt = at(finalEstimate);
    const originalEstimate = f.originalDeliveryAt.getTime();
    f.events = steps
      .filter((st) => st.t <= nowMs)
      .map((st) => ({
        status: st.status,
        at: at(st.t),
        message: st.message,
        city: st.place.city,
        province: st.place.province,
        country: st.place.country,
        estimatedDeliveryAt:
          st.status === "IN_TRANSIT" || st.status === "DELAYED" || st.status === "CARRIER_PICKED_UP"
            ? at(f.delay && st.t >= f.delay.at.getTime() ? finalEstimate : originalEstimate)
            : null,
      }));
    const last = f.events.at(-1);
    f.shipmentStatus = last?.status ?? "LABEL_PRINTED";
    f.inTransitAt = f.events.find((ev) => ev.status === "IN_TRANSIT")?.at ?? null;
    f.deliveredAt = f.events.find((ev) => ev.status === "DELIVERED")?.at ?? null;
    f.updatedAt = last?.at ?? f.labelAt;
  }

  // Fulfillment status of each order from what has shipped by now.
  for (const o of orders) {
    const fulfilled = new Map<GenLine, number>();
    for (const f of o.fulfillments) for (const fl of f.lines) fulfilled.set(fl.line, (fulfilled.get(fl.line) ?? 0) + fl.quantity);
    const done = o.lines.filter((l) => (fulfilled.get(l) ?? 0) >= l.quantity).length;
    o.fulfillmentStatus = done === 0 ? "UNFULFILLED" : done === o.lines.length ? "FULFILLED" : "PARTIALLY_FULFILLED";
  }

  const deliveredShipment = (o: GenOrder) => o.fulfillments.find((f) => f.deliveredAt && !f.digital) ?? null;
  const deliveredBetween = (o: GenOrder, fromDaysAgo: number, toDaysAgo: number) => {
    const d = deliveredShipment(o)?.deliveredAt?.getTime();
    return d !== undefined && d >= nowMs - fromDaysAgo * DAY && d <= nowMs - toDaysAgo * DAY;
  };
  const plainDelivered = (o: GenOrder) => o.role === null && o.fulfillmentStatus === "FULFILLED" && !o.cancelledAt && deliveredShipment(o) !== null;

  // ── Returns ──
  const reasonFor = (kind: "any" | "size") =>
    rng.pick(kind === "size" ? RETURN_REASONS_WITH_NOTES.filter((r) => r.reason.startsWith("SIZE")) : RETURN_REASONS_WITH_NOTES.filter((r) => r.reason !== "DEFECTIVE"));
  const newReturn = (o: GenOrder, status: ReturnStatus, requestedAt: number, reasonKind: "any" | "size" | "defective", pickLine?: (l: GenLine) => boolean) => {
    const candidates = o.lines.filter(pickLine ?? isReturnable);
    const line = rng.pick(candidates);
    const r = reasonKind === "defective" ? RETURN_REASONS_WITH_NOTES.find((x) => x.reason === "DEFECTIVE")! : reasonFor(reasonKind);
    const ret: GenReturn = {
      id: uuidv7(),
      shopifyId: ids.return.next(),
      name: `${o.name}-R${o.returns.length + 1}`,
      status,
      declineReason: null,
      declineNote: null,
      requestedAt: at(requestedAt),
      approvedAt: null,
      closedAt: null,
      updatedAt: at(requestedAt),
      lines: [{ line, quantity: 1, reason: r.reason, note: rng.chance(0.8) ? rng.pick(r.notes) : null }],
      refund: null,
    };
    o.returns.push(ret);
    return ret;
  };
  const returnable = (o: GenOrder) => o.lines.some(isReturnable);
  const deliveredAtOf = (o: GenOrder) => deliveredShipment(o)!.deliveredAt!.getTime();

  for (const o of takeOrders(3, (o) => plainDelivered(o) && returnable(o) && deliveredBetween(o, 22, 1), "return-requested")) {
    const requestedAt = Math.max(deliveredAtOf(o) + 0.5 * DAY, nowMs - rng.float(0.2, 2.5) * DAY);
    newReturn(o, "REQUESTED", Math.min(requestedAt, nowMs - 2 * HOUR), "any");
  }
  for (const o of takeOrders(3, (o) => plainDelivered(o) && returnable(o) && deliveredBetween(o, 25, 4), "return-open")) {
    const d = deliveredAtOf(o);
    const requestedAt = d + rng.float(0.5, Math.min(4, (nowMs - d) / DAY - 2)) * DAY;
    const ret = newReturn(o, "OPEN", requestedAt, rng.chance(0.7) ? "size" : "any");
    ret.approvedAt = at(requestedAt + (ret.lines[0].reason.startsWith("SIZE") ? rng.int(1, 3) * MIN : rng.float(2, 20) * HOUR));
    ret.updatedAt = ret.approvedAt;
  }
  for (const o of takeOrders(5, (o) => plainDelivered(o) && returnable(o) && deliveredBetween(o, 75, 14), "return-closed")) {
    const d = deliveredAtOf(o);
    const requestedAt = d + rng.float(1, 8) * DAY;
    const defective = rng.chance(0.25);
    const ret = newReturn(o, "CLOSED", requestedAt, defective ? "defective" : "any");
    ret.approvedAt = at(requestedAt + rng.float(0.05, 1) * DAY);
    ret.closedAt = at(Math.min(ret.approvedAt.getTime() + rng.float(5, 9) * DAY, nowMs - 3 * DAY));
    ret.updatedAt = ret.closedAt;
    const rl = ret.lines[0];
    const subtotal = unitNet(rl.line, rl.quantity);
    const tax = Math.round(subtotal * o.taxRate);
    const feeWaived = rl.reason === "DEFECTIVE" || rl.reason === "WRONG_ITEM";
    const fee = feeWaived ? 0 : Math.round(subtotal * 0.05) + 695;
    const refund: GenRefund = {
      id: uuidv7(),
      shopifyId: ids.refund.next(),
      amount: subtotal + tax - fee,
      note: feeWaived
        ? `Return ${ret.name}: defective item, fees waived`
        : `Return ${ret.name}: 5% restocking fee (${usd(Math.round(subtotal * 0.05))}) and return label ($6.95) deducted`,
      restocked: !feeWaived,
      processedAt: at(ret.closedAt.getTime() + rng.int(2, 40) * MIN),
      lines: [{ line: rl.line, quantity: rl.quantity, subtotal, restockType: feeWaived ? "no_restock" : "return" }],
      kind: "return",
    };
    ret.refund = refund;
    o.refunds.push(refund);
  }
  const finalSale = (l: GenLine) => l.product.tags.includes("final-sale");
  const declinedFinal = takeOrders(1, (o) => plainDelivered(o) && o.lines.some(finalSale) && deliveredBetween(o, 40, 3), "return-declined");
  for (const o of declinedFinal) {
    const requestedAt = Math.min(deliveredAtOf(o) + rng.float(1, 5) * DAY, nowMs - 1.5 * DAY);
    const ret = newReturn(o, "DECLINED", requestedAt, "size", finalSale);
    ret.declineReason = "FINAL_SALE";
    ret.declineNote = `${ret.lines[0].line.product.title} is a final-sale item and can't be returned.`;
    ret.updatedAt = at(requestedAt + rng.float(2, 20) * HOUR);
  }
  for (const o of takeOrders(2 - declinedFinal.length, (o) => plainDelivered(o) && returnable(o) && deliveredBetween(o, 80, 36), "return-declined")) {
    const d = deliveredAtOf(o);
    const requestedAt = Math.min(d + rng.float(33, 45) * DAY, nowMs - 1.5 * DAY);
    const ret = newReturn(o, "DECLINED", requestedAt, "any");
    ret.declineReason = "RETURN_PERIOD_ENDED";
    ret.declineNote = `Requested ${Math.floor((requestedAt - d) / DAY)} days after delivery; the return window is ${RETURN_POLICY.windowDays} days.`;
    ret.updatedAt = at(requestedAt + rng.float(2, 20) * HOUR);
  }

  // ── Refunds without a return ──
  const fragile = (l: GenLine) => l.product.tags.includes("fragile");
  const damagedOrders = takeOrders(2, (o) => plainDelivered(o) && o.lines.some(fragile) && deliveredBetween(o, 45, 4), "refund-damaged");
  if (damagedOrders.length < 2) damagedOrders.push(...takeOrders(2 - damagedOrders.length, (o) => plainDelivered(o) && deliveredBetween(o, 45, 4), "refund-damaged"));
  for (const o of damagedOrders) {
    const line = o.lines.find(fragile) ?? physicalLines(o)[0];
    const subtotal = unitNet(line, 1);
    o.refunds.push({
      id: uuidv7(),
      shopifyId: ids.refund.next(),
      amount: subtotal + Math.round(subtotal * o.taxRate),
      note: `Arrived damaged (photos on file): refunded ${line.product.title}, no return needed`,
      restocked: false,
      processedAt: at(deliveredAtOf(o) + rng.float(1, 2.5) * DAY),
      lines: [{ line, quantity: 1, subtotal, restockType: "no_restock" }],
      kind: "damaged",
    });
  }
  for (const o of takeOrders(1, (o) => plainDelivered(o) && !o.discountCode && o.subtotal > 8000 && deliveredBetween(o, 45, 6), "refund-adjustment")) {
    const amount = Math.round(o.subtotal * 0.1);
    o.refunds.push({
      id: uuidv7(),
      shopifyId: ids.refund.next(),
      amount: amount + Math.round(amount * o.taxRate),
      note: "WELCOME10 didn't apply at checkout: refunded the 10% difference",
      restocked: false,
      processedAt: at(o.processedAt.getTime() + rng.float(1, 3) * DAY),
      lines: [],
      kind: "adjustment",
    });
  }
  const hadTrouble = (o: GenOrder) => o.fulfillments.some((f) => f.delay || f.attempt);
  for (const o of takeOrders(1, (o) => plainDelivered(o) && hadTrouble(o) && o.shipping > 0 && deliveredBetween(o, 80, 2), "refund-shipping")) {
    o.refunds.push({
      id: uuidv7(),
      shopifyId: ids.refund.next(),
      amount: o.shipping,
      note: "Carrier delay: shipping refunded",
      restocked: false,
      processedAt: at(deliveredAtOf(o) + rng.float(0.2, 1) * DAY),
      lines: [],
      kind: "shipping",
    });
  }
  for (const o of takeOrders(2, (o) => plainDelivered(o) && deliveredBetween(o, 80, 4), "refund-goodwill")) {
    const amount = Math.round(o.subtotal * 0.15);
    o.refunds.push({
      id: uuidv7(),
      shopifyId: ids.refund.next(),
      amount,
      note: hadTrouble(o) ? "Goodwill: 15% back for the late delivery" : "Price adjustment: item went on sale 3 days after purchase",
      restocked: false,
      processedAt: at(deliveredAtOf(o) + rng.float(0.5, 3) * DAY),
      lines: [],
      kind: "goodwill",
    });
  }
  for (const o of orders) {
    o.refunded = o.refunds.reduce((sum, r) => sum + r.amount, 0);
    if (o.refunded > 0) o.financialStatus = o.refunded >= o.total ? "REFUNDED" : "PARTIALLY_REFUNDED";
  }

  // ── Customer aggregates and tags ──
  for (const c of customers) {
    const first = c.orders.reduce((m, o) => Math.min(m, o.processedAt.getTime()), Infinity);
    c.createdAt = at(Number.isFinite(first) ? first - rng.float(0, 200) * DAY : nowMs - rng.float(5, 700) * DAY);
  }
  const spent = (c: GenCustomer) =>
    c.orders.filter((o) => o.financialStatus !== "VOIDED" && o.financialStatus !== "PENDING").reduce((sum, o) => sum + o.total - o.refunded, 0);
  const vips = [...customers].filter((c) => !c.wholesale).sort((a, b) => spent(b) - spent(a)).slice(0, 8);
  for (const c of vips) {
    c.tags.push("vip");
    for (const o of c.orders) o.tags.push("vip");
  }

  // ── Cases ──
  const caseRows = buildCases({ rng, input, orders, customers, newPerson, ageOf });

  // ── Self-service ──
  const selfServiceEvents: Prisma.SelfServiceEventCreateManyInput[] = [];
  for (const o of orders) {
    for (const r of o.returns) {
      selfServiceEvents.push({ id: uuidv7(), shopId, kind: "RETURN_REQUESTED", orderId: o.id, customerId: o.customer?.id ?? null, createdAt: r.requestedAt });
    }
  }
  const lookupPool = orders.filter((o) => o.fulfillments.some((f) => !f.digital) && ageOf(o) < 30 * DAY);
  for (let i = 0; i < 18 && lookupPool.length > 0; i++) {
    const o = rng.pick(lookupPool);
    const f = o.fulfillments.find((x) => !x.digital)!;
    const until = (f.deliveredAt ?? now).getTime();
    const t = f.labelAt.getTime() + rng.next() * (until - f.labelAt.getTime());
    selfServiceEvents.push({ id: uuidv7(), shopId, kind: "ORDER_LOOKUP", orderId: o.id, customerId: o.customer?.id ?? null, createdAt: at(Math.min(t, nowMs - MIN)) });
  }
  const viewWeights: Record<string, number> = { "shipping-times": 5, "track-your-order": 5, returns: 4, refunds: 3, exchanges: 2, "size-guide": 3, "product-care": 1, "payment-methods": 1, "change-or-cancel-an-order": 1 };
  const articles = [...input.articleIds.entries()];
  for (let i = 0; i < 14 && articles.length > 0; i++) {
    const [, articleId] = rng.weighted(articles, ([s]) => viewWeights[s] ?? 1);
    const viewer = rng.chance(0.4) ? rng.pick(customers) : null;
    selfServiceEvents.push({ id: uuidv7(), shopId, kind: "ARTICLE_VIEW", articleId, customerId: viewer?.id ?? null, createdAt: at(nowMs - rng.float(0.05, 30) * DAY) });
  }

  // ── Rows ──
  const adminId = input.staffIds.get("admin") ?? null;
  const rows: DemoShopRows = {
    tags: DEMO_TAGS.map((t, i) => ({ id: uuidv7(), shopId, name: t.name, color: t.color, createdAt: at(nowMs - (115 - i) * DAY) })),
    macros: MACROS.map((m, i) => ({
      id: uuidv7(),
      shopId,
      name: m.name,
      body: m.body,
      topic: m.topic,
      usageCount: m.usageCount,
      createdById: i % 3 === 0 ? adminId : (input.staffIds.get(i % 3 === 1 ? "agent1" : "agent2") ?? adminId),
      createdAt: at(nowMs - (112 - i * 4) * DAY),
      updatedAt: at(nowMs - (60 - i * 5) * DAY),
    })),
    returnPolicy: {
      id: uuidv7(),
      shopId,
      enabled: true,
      windowDays: RETURN_POLICY.windowDays,
      windowStartsAt: RETURN_POLICY.windowStartsAt,
      excludedTags: RETURN_POLICY.excludedTags,
      excludedProductTypes: RETURN_POLICY.excludedProductTypes,
      productWindows: [{ productId: String(PRODUCTS.find((p) => p.key === "boot")!.productId), windowDays: 60 }],
      reasons: RETURN_POLICY.reasons,
      restockingFeePercent: RETURN_POLICY.restockingFeePercent,
      returnShippingFee: RETURN_POLICY.returnShippingFee,
      autoApprove: RETURN_POLICY.autoApprove,
      instructions: RETURN_POLICY.instructions,
      createdAt: at(nowMs - 115 * DAY),
    },
    customers: customers.map((c) => ({
      id: c.id,
      shopId,
      shopifyId: c.shopifyId,
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
      phone: c.phone,
      ordersCount: c.orders.length,
      totalSpent: money(spent(c)),
      currencyCode: DEMO_SHOP.currencyCode,
      tags: c.tags,
      shopifyUpdatedAt: maxDate(c.createdAt, ...c.orders.map((o) => o.processedAt)),
      createdAt: c.createdAt,
    })),
    orders: [],
    lineItems: [],
    fulfillments: [],
    fulfillmentLines: [],
    fulfillmentEvents: [],
    refunds: [],
    refundLines: [],
    returns: [],
    returnLines: [],
    ...caseRows,
    selfServiceEvents,
  };

  for (const o of orders) {
    const person = o.customer ?? null;
    const firstName = person?.firstName ?? o.guest!.firstName;
    const lastName = person?.lastName ?? o.guest!.lastName;
    const email = person?.email ?? o.guest!.email;
    const phone = person?.phone ?? o.guest!.phone;
    const updates = [
      o.processedAt,
      ...(o.cancelledAt ? [o.cancelledAt] : []),
      ...o.fulfillments.map((f) => f.updatedAt),
      ...o.refunds.map((r) => r.processedAt),
      ...o.returns.map((r) => r.updatedAt),
    ];
    const token = rng.hex(32);
    rows.orders.push({
      id: o.id,
      shopId,
      shopifyId: o.shopifyId,
      name: o.name,
      orderNumber: o.number,
      customerId: o.customer?.id ?? null,
      email,
      phone,
      financialStatus: o.financialStatus,
      fulfillmentStatus: o.fulfillmentStatus,
      currencyCode: DEMO_SHOP.currencyCode,
      subtotalPrice: money(o.subtotal),
      totalShipping: money(o.shipping),
      totalTax: money(o.tax),
      totalPrice: money(o.total),
      totalRefunded: money(o.refunded),
      shippingAddress: {
        first_name: firstName,
        last_name: lastName,
        name: `${firstName} ${lastName}`,
        company: o.customer?.company ?? null,
        address1: o.address1,
        address2: o.address2,
        city: o.city.city,
        province: o.city.province,
        province_code: o.city.provinceCode,
        country: o.city.country,
        country_code: o.city.countryCode,
        zip: o.zip,
        phone,
      },
      tags: [...new Set(o.tags)],
      note: o.note,
      statusPageUrl: `https://${input.domain}/${DEMO_SHOP.shopifyShopId}/orders/${token}/authenticate?key=${rng.hex(32)}`,
      cancelledAt: o.cancelledAt,
      cancelReason: o.cancelReason,
      closedAt: o.closedAt,
      processedAt: o.processedAt,
      shopifyCreatedAt: o.processedAt,
      shopifyUpdatedAt: maxDate(...updates),
      syncedAt: now,
      createdAt: o.processedAt,
    });
    for (const l of o.lines) {
      rows.lineItems.push({
        id: l.id,
        shopId,
        orderId: o.id,
        shopifyId: l.shopifyId,
        productId: BigInt(l.product.productId),
        variantId: l.variantId,
        title: l.product.title,
        variantTitle: l.variantTitle,
        sku: l.sku,
        vendor: VENDOR,
        productType: l.product.productType,
        productTags: l.product.tags,
        quantity: l.quantity,
        price: money(l.price),
        totalDiscount: money(l.discount),
        requiresShipping: l.product.requiresShipping,
      });
    }
    for (const f of o.fulfillments) {
      rows.fulfillments.push({
        id: f.id,
        shopId,
        orderId: o.id,
        shopifyId: f.shopifyId,
        name: f.name,
        status: "SUCCESS",
        shipmentStatus: f.shipmentStatus,
        trackingCompany: f.carrier,
        trackingNumber: f.trackingNumbers[0] ?? null,
        trackingUrl: f.trackingUrls[0] ?? null,
        trackingNumbers: f.trackingNumbers,
        trackingUrls: f.trackingUrls,
        estimatedDeliveryAt: f.digital || f.failure ? null : f.deliveredAt ? f.originalDeliveryAt : f.deliveryAt,
        deliveredAt: f.deliveredAt,
        inTransitAt: f.inTransitAt,
        shopifyCreatedAt: f.labelAt,
        shopifyUpdatedAt: f.updatedAt,
        createdAt: f.labelAt,
      });
      for (const fl of f.lines) {
        rows.fulfillmentLines.push({ id: uuidv7(), shopId, fulfillmentId: f.id, lineItemId: fl.line.id, shopifyId: ids.fulfillmentLine.next(), quantity: fl.quantity });
      }
      for (const ev of f.events) {
        rows.fulfillmentEvents.push({
          id: uuidv7(),
          shopId,
          fulfillmentId: f.id,
          shopifyId: ids.event.next(),
          status: ev.status,
          message: ev.message,
          city: ev.city,
          province: ev.province,
          country: ev.country,
          estimatedDeliveryAt: ev.estimatedDeliveryAt,
          happenedAt: ev.at,
          createdAt: ev.at,
        });
      }
    }
    for (const r of o.refunds) {
      rows.refunds.push({
        id: r.id,
        shopId,
        orderId: o.id,
        shopifyId: r.shopifyId,
        amount: money(r.amount),
        currencyCode: DEMO_SHOP.currencyCode,
        note: r.note,
        restocked: r.restocked,
        processedAt: r.processedAt,
        shopifyCreatedAt: r.processedAt,
        createdAt: r.processedAt,
      });
      for (const rl of r.lines) {
        rows.refundLines.push({
          id: uuidv7(),
          shopId,
          refundId: r.id,
          lineItemId: rl.line.id,
          shopifyId: ids.refundLine.next(),
          quantity: rl.quantity,
          restockType: rl.restockType,
          subtotal: money(rl.subtotal),
        });
      }
    }
    for (const r of o.returns) {
      rows.returns.push({
        id: r.id,
        shopId,
        orderId: o.id,
        shopifyId: r.shopifyId,
        name: r.name,
        status: r.status,
        declineReason: r.declineReason,
        declineNote: r.declineNote,
        requestedAt: r.requestedAt,
        approvedAt: r.approvedAt,
        closedAt: r.closedAt,
        shopifyUpdatedAt: r.updatedAt,
        createdAt: r.requestedAt,
        updatedAt: r.updatedAt,
      });
      for (const rl of r.lines) {
        rows.returnLines.push({
          id: uuidv7(),
          shopId,
          returnId: r.id,
          lineItemId: rl.line.id,
          shopifyId: ids.returnLine.next(),
          quantity: rl.quantity,
          reason: rl.reason,
          customerNote: rl.note,
        });
      }
    }
  }
  return rows;
}

function buildLines(rng: Rng, lineIds: IdSequence, wholesale: boolean): GenLine[] {
  const count = wholesale ? rng.int(2, 4) : rng.weighted([1, 2, 3, 4], (n) => [45, 30, 17, 8][n - 1]);
  const pool = wholesale ? PRODUCTS.filter((p) => p.requiresShipping && !p.tags.includes("final-sale")) : PRODUCTS;
  const chosen: DemoProduct[] = [];
  while (chosen.length < count) {
    const p = rng.weighted(pool, (x) => x.weight);
    if (!chosen.includes(p)) chosen.push(p);
  }
  return chosen.map((product) => {
    const sizeIndex = product.sizes.length === 6 ? rng.weighted([0, 1, 2, 3, 4, 5], (i) => [1, 3, 5, 5, 3, 1][i]) : rng.int(0, product.sizes.length - 1);
    const size = product.sizes[sizeIndex];
    const colorIndex = product.colors.length > 0 ? rng.int(0, product.colors.length - 1) : 0;
    const color = product.colors[colorIndex];
    const variantTitle = color ? `${size} / ${color}` : size;
    const sku = [product.skuPrefix, color ? color.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase() : null, size.replace(/[^A-Za-z0-9/]/g, "").replace("/", "")]
      .filter(Boolean)
      .join("-");
    const price = product.key === "giftcard" ? GIFT_CARD_PRICES[size] : product.price;
    const quantity = wholesale ? rng.int(4, 12) : product.key === "giftcard" ? 1 : rng.weighted([1, 2, 3], (q) => [85, 12, 3][q - 1]);
    return {
      id: uuidv7(),
      shopifyId: lineIds.next(),
      product,
      variantId: BigInt(product.variantBase + sizeIndex * Math.max(product.colors.length, 1) + colorIndex),
      variantTitle,
      sku,
      quantity,
      price,
      discount: 0,
      backordered: false,
    };
  });
}

// ───────────────────────────── Cases ─────────────────────────────

type Person = { first: string; last: string; email: string };

interface CaseContext {
  rng: Rng;
  input: BuildInput;
  orders: GenOrder[];
  customers: GenCustomer[];
  newPerson: () => Person;
  ageOf: (o: GenOrder) => number;
}

/** Where one demo case can start, and what it is about. */
interface CaseSubject {
  order: GenOrder | null;
  customer: GenCustomer | null;
  person: Person;
  earliest: number;
  latest: number;
  vars: Record<string, string>;
  /** Message index → earliest time for it (a reply that must follow a real event). */
  pins?: Record<number, number>;
}

interface Scenario {
  conversation: keyof typeof CONVERSATIONS;
  topic: CaseTopic;
  suggestedTopic?: CaseTopic;
  statuses: CaseStatus[];
  priority?: CasePriority;
  tags?: string[];
  channels?: Partial<Record<Channel, number>>;
  subjects: (ctx: CaseContext, status: CaseStatus) => CaseSubject[];
}

/** Minimum time between a case's start and `now` for each status (its thread, then resolution/closing). */
const NEED: Record<CaseStatus, number> = { OPEN: 2 * HOUR, PENDING: 4 * HOUR, SNOOZED: 4 * HOUR, RESOLVED: 1.5 * DAY, CLOSED: 6 * DAY };

function buildCases(ctx: CaseContext): Pick<DemoShopRows, "cases" | "caseOrders" | "messages" | "caseEvents" | "ratings"> {
  const { rng, input } = ctx;
  const nowMs = input.now.getTime();
  const shopId = input.shopId;
  const staffKeys = DEMO_STAFF.filter((s) => input.staffIds.has(s.key));
  const staffName = new Map(DEMO_STAFF.map((s) => [s.key, `${s.firstName} ${s.lastName}`]));

  type Planned = { scenario: Scenario; status: CaseStatus; subject: CaseSubject; start: number };
  const planned: Planned[] = [];

  for (const scenario of SCENARIOS) {
    // The statuses that need the oldest subjects choose first.
    for (const status of [...scenario.statuses].sort((a, b) => NEED[b] - NEED[a])) {
      const fits = scenario
        .subjects(ctx, status)
        .filter((s) => !(s.order?.caseLinked ?? false))
        .filter((s) => Math.min(s.latest, nowMs - NEED[status]) >= s.earliest);
      if (fits.length === 0) continue;
      const subject = rng.pick(fits);
      if (subject.order) subject.order.caseLinked = true;
      const latest = Math.min(subject.latest, nowMs - NEED[status]);
      planned.push({ scenario, status, subject, start: subject.earliest + rng.next() * (latest - subject.earliest) });
    }
  }
  planned.sort((a, b) => a.start - b.start);

  const out: Pick<DemoShopRows, "cases" | "caseOrders" | "messages" | "caseEvents" | "ratings"> = {
    cases: [],
    caseOrders: [],
    messages: [],
    caseEvents: [],
    ratings: [],
  };
  let number = input.firstCaseNumber;
  let failedDeliveryUsed = false;
  let ratingsLeft = 8;

  for (const p of planned) {
    const { scenario, status, subject } = p;
    const conversation = CONVERSATIONS[scenario.conversation];
    const lines = pickLines(rng, conversation.lines, status);
    const channel = rng.weighted(Object.entries(scenario.channels ?? { EMAIL: 60, STOREFRONT: 25, CUSTOMER_ACCOUNT: 15 }) as [Channel, number][], ([, w]) => w)[0];
    const hasStaffReply = lines.some((l) => l.from === "staff");
    const replier = rng.weighted(staffKeys, (s) => (s.key === "admin" ? 15 : s.key === "agent1" ? 45 : 40));
    const assignee = hasStaffReply ? (rng.chance(0.75) ? replier : null) : rng.chance(0.25) ? rng.pick(staffKeys) : null;
    const caseId = uuidv7();
    const vars: Record<string, string> = { ...subject.vars, first: subject.person.first, staff: replier.firstName };
    const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (m, key: string) => vars[key] ?? m);

    // Message times: replies in business hours when they fit, customers at any time.
    const times: number[] = [];
    let t = p.start;
    lines.forEach((line, i) => {
      if (i > 0) {
        if (line.from === "customer") t += rng.float(0.5, 20) * HOUR;
        else if (line.from === "note") t += rng.int(5, 45) * MIN;
        else t = nextBusinessTime(t + rng.int(10, 150) * MIN);
      }
      const pin = subject.pins?.[i];
      if (pin !== undefined && pin > t) t = pin;
      times.push(t);
    });
    const post = status === "RESOLVED" ? 2 * HOUR : status === "CLOSED" ? 5 * DAY : 0;
    const limit = nowMs - rng.int(5, 50) * MIN - post;
    const end = times[times.length - 1];
    if (end > limit) {
      // Squeeze the thread so that it (and its resolution) has happened by now.
      const factor = Math.max(limit - p.start, MIN * lines.length) / Math.max(end - p.start, 1);
      for (let i = 0; i < times.length; i++) times[i] = p.start + (times[i] - p.start) * factor + i * 1000;
    }
    const created = at(times[0]);
    const last = at(times[times.length - 1]);

    // Messages
    let previousExternal: string | null = null;
    let firstResponseAt: Date | null = null;
    let outboundIndex = 0;
    lines.forEach((line, i) => {
      const when = at(times[i]);
      const text = fill(line.text);
      const base = { id: uuidv7(), shopId, caseId, bodyText: text, bodyHtml: toHtml(text), createdAt: when };
      if (line.from === "customer") {
        const external = channel === "EMAIL" ? `<CA${rng.hex(12)}.${number}.${i}@mail.example.com>` : null;
        out.messages.push({
          ...base,
          direction: "INBOUND",
          channel,
          authorType: "CUSTOMER",
          authorName: `${subject.person.first} ${subject.person.last}`,
          authorEmail: subject.person.email,
          externalMessageId: external,
          inReplyTo: channel === "EMAIL" ? previousExternal : null,
          deliveryStatus: "RECEIVED",
        });
        if (external) previousExternal = external;
      } else if (line.from === "staff") {
        firstResponseAt ??= when;
        outboundIndex++;
        const external = `<case-${number}.${outboundIndex}.${rng.hex(8)}@northwind-outfitters.example>`;
        const failed = !failedDeliveryUsed && status === "PENDING" && channel === "EMAIL" && i === lines.length - 1;
        if (failed) failedDeliveryUsed = true;
        out.messages.push({
          ...base,
          direction: "OUTBOUND",
          channel: channel === "CUSTOMER_ACCOUNT" ? "CUSTOMER_ACCOUNT" : "EMAIL",
          authorType: "STAFF",
          authorStaffId: input.staffIds.get(replier.key),
          authorName: staffName.get(replier.key),
          authorEmail: DEMO_SHOP.supportEmail,
          externalMessageId: external,
          inReplyTo: previousExternal,
          deliveryStatus: failed ? "FAILED" : "SENT",
          deliveryError: failed ? `550 5.1.1 <${subject.person.email}>: Recipient address rejected: mailbox full` : null,
          sentAt: failed ? null : at(times[i] + rng.int(2, 20) * 1000),
        });
        previousExternal = external;
      } else {
        out.messages.push({
          ...base,
          direction: "NOTE",
          channel: "ADMIN",
          authorType: "STAFF",
          authorStaffId: input.staffIds.get(replier.key),
          authorName: staffName.get(replier.key),
          deliveryStatus: "NOT_SENT",
        });
      }
    });

    // Timeline: assignment, status changes, and what happened to the order.
    const events: Prisma.CaseEventCreateManyInput[] = [];
    const staffEvent = (type: string, when: number, key: DemoStaff["key"] | null, data: Prisma.InputJsonValue, actorType: ActorType = "STAFF") =>
      events.push({
        id: uuidv7(),
        shopId,
        caseId,
        type,
        actorType,
        staffId: key ? (input.staffIds.get(key) ?? null) : null,
        data,
        occurredAt: at(when),
        createdAt: at(when),
      });
    if (assignee) {
      const firstStaff = lines.findIndex((l) => l.from !== "customer");
      const when = firstStaff > 0 ? times[firstStaff] - rng.int(1, 4) * MIN : Math.min(times[0] + rng.int(10, 90) * MIN, nowMs - MIN);
      const by = assignee.key === replier.key && rng.chance(0.6) ? assignee.key : "admin";
      staffEvent("assigned", Math.max(when, times[0] + 1000), by, { from: null, to: input.staffIds.get(assignee.key) ?? null, toName: staffName.get(assignee.key) ?? null });
    }
    // A staff reply leaves the case waiting on the customer (PENDING); a customer reply reopens it.
    const snoozedUntil = status === "SNOOZED" ? at(nowMs + rng.float(0.6, 3) * DAY) : null;
    let current: CaseStatus = "OPEN";
    lines.forEach((line, i) => {
      if (line.from === "staff") {
        const to: CaseStatus = snoozedUntil && i === lines.length - 1 ? "SNOOZED" : "PENDING";
        if (current !== to) {
          staffEvent("status_changed", times[i] + 500, replier.key, snoozedUntil && to === "SNOOZED" ? { from: current, to, snoozedUntil: snoozedUntil.toISOString() } : { from: current, to });
        }
        current = to;
      } else if (line.from === "customer" && current !== "OPEN") {
        staffEvent("status_changed", times[i] + 500, null, { from: current, to: "OPEN", reason: "customer_replied" }, "SYSTEM");
        current = "OPEN";
      }
    });
    let resolvedAt: Date | null = null;
    let closedAt: Date | null = null;
    if (status === "RESOLVED" || status === "CLOSED") {
      resolvedAt = at(Math.min(last.getTime() + rng.int(5, 90) * MIN, nowMs - MIN));
      staffEvent("status_changed", resolvedAt.getTime(), replier.key, { from: current, to: "RESOLVED" });
      if (status === "CLOSED") {
        closedAt = at(Math.min(resolvedAt.getTime() + rng.float(4, 4.5) * DAY, nowMs - MIN));
        staffEvent("status_changed", closedAt.getTime(), null, { from: "RESOLVED", to: "CLOSED", reason: "auto_close" }, "SYSTEM");
      }
    }
    if (subject.order) {
      for (const ev of orderEvents(subject.order)) {
        if (ev.at < created.getTime() - 14 * DAY || ev.at > nowMs) continue;
        events.push({ id: uuidv7(), shopId, caseId, orderId: subject.order.id, ...ev.row, occurredAt: at(ev.at), createdAt: at(Math.max(ev.at, created.getTime())) });
      }
    }
    out.caseEvents.push(...events);

    // The case itself
    const customerTags = subject.customer?.tags.filter((tag) => tag === "vip" || tag === "wholesale") ?? [];
    const nudged = lines.filter((l) => l.from === "customer").length >= 2 && !hasStaffReply;
    const tags = [...new Set([...(scenario.tags ?? []), ...customerTags, ...(nudged ? ["repeat-contact"] : [])])];
    let priority: CasePriority = scenario.priority ?? "NORMAL";
    if (customerTags.includes("vip") && priority === "NORMAL") priority = "HIGH";
    if (!scenario.priority && rng.chance(0.08)) priority = "LOW";
    const suggestedTopic = scenario.suggestedTopic && rng.chance(0.7) ? scenario.suggestedTopic : scenario.topic;
    const lastActivity = last;
    out.cases.push({
      id: caseId,
      shopId,
      number,
      subject: fill(rng.pick(conversation.subjects)),
      status,
      priority,
      topic: scenario.topic,
      suggestedTopic,
      channel,
      customerId: subject.customer?.id ?? null,
      customerEmail: subject.person.email,
      customerName: `${subject.person.first} ${subject.person.last}`,
      assigneeId: assignee ? (input.staffIds.get(assignee.key) ?? null) : null,
      tags,
      snoozedUntil,
      firstResponseAt,
      resolvedAt,
      closedAt,
      firstResponseDueAt: at(created.getTime() + 24 * HOUR),
      resolutionDueAt: at(created.getTime() + 72 * HOUR),
      lastMessageAt: last,
      lastActivityAt: lastActivity,
      createdAt: created,
      updatedAt: maxDate(last, ...(closedAt ? [closedAt] : resolvedAt ? [resolvedAt] : [])),
    });
    if (subject.order) {
      out.caseOrders.push({
        shopId,
        caseId,
        orderId: subject.order.id,
        linkedBy: channel === "EMAIL" ? (rng.chance(0.8) ? "AUTO" : "STAFF") : "CUSTOMER",
        createdAt: created,
      });
    }
    if (resolvedAt && ratingsLeft > 0 && rng.chance(0.55)) {
      const requestedAt = resolvedAt.getTime() + 24 * HOUR;
      if (requestedAt < nowMs) {
        ratingsLeft--;
        const answer = rng.chance(0.8) ? rng.pick(SATISFACTION_COMMENTS) : null;
        const respondedAt = answer ? Math.min(requestedAt + rng.float(0.3, 30) * HOUR, nowMs - MIN) : null;
        out.ratings.push({
          id: uuidv7(),
          shopId,
          caseId,
          staffId: assignee ? (input.staffIds.get(assignee.key) ?? null) : (input.staffIds.get(replier.key) ?? null),
          customerId: subject.customer?.id ?? null,
          score: answer?.score ?? null,
          comment: answer?.comment ?? null,
          requestedAt: at(requestedAt),
          respondedAt: respondedAt ? at(respondedAt) : null,
        });
      }
    }
    number++;
  }
  return out;

  function nextBusinessTime(ms: number): number {
    // Mon–Fri 14:00–21:00 UTC lies inside 9–17 New York time all year; fall back to `ms` if that is past `now`.
    const d = new Date(ms);
    for (let i = 0; i < 8; i++) {
      const day = d.getUTCDay();
      const hour = d.getUTCHours();
      if (day >= 1 && day <= 5 && hour >= 14 && hour < 21) break;
      if (day >= 1 && day <= 5 && hour < 14) d.setUTCHours(14, rng.int(0, 50), 0, 0);
      else {
        d.setUTCDate(d.getUTCDate() + 1);
        d.setUTCHours(14, rng.int(0, 50), 0, 0);
      }
    }
    return d.getTime() > nowMs ? ms : d.getTime();
  }
}

/** The order's history as case timeline events (what the webhooks would have recorded). */
function orderEvents(o: GenOrder): { at: number; row: Pick<Prisma.CaseEventCreateManyInput, "type" | "actorType" | "data" | "dedupeKey"> }[] {
  const out: { at: number; row: Pick<Prisma.CaseEventCreateManyInput, "type" | "actorType" | "data" | "dedupeKey"> }[] = [];
  if (o.cancelledAt) {
    out.push({
      at: o.cancelledAt.getTime(),
      row: { type: "order_cancelled", actorType: "SHOPIFY", dedupeKey: `order:${o.shopifyId}:cancelled`, data: { orderName: o.name, reason: o.cancelReason } },
    });
  }
  for (const f of o.fulfillments) {
    if (f.digital) continue;
    const tracking = { fulfillmentId: String(f.shopifyId), name: f.name, carrier: f.carrier, trackingNumber: f.trackingNumbers[0] ?? null, trackingUrl: f.trackingUrls[0] ?? null };
    out.push({ at: f.labelAt.getTime(), row: { type: "order_shipped", actorType: "SHOPIFY", dedupeKey: `fulfillment:${f.shopifyId}:shipped`, data: tracking } });
    const delayed = f.events.find((e) => e.status === "DELAYED");
    if (delayed) {
      out.push({
        at: delayed.at.getTime(),
        row: {
          type: "delayed",
          actorType: "SHOPIFY",
          dedupeKey: `fulfillment:${f.shopifyId}:delayed`,
          data: { ...tracking, message: delayed.message, estimatedDeliveryAt: delayed.estimatedDeliveryAt?.toISOString() ?? null },
        },
      });
    }
    if (f.deliveredAt) {
      out.push({
        at: f.deliveredAt.getTime(),
        row: { type: "delivered", actorType: "SHOPIFY", dedupeKey: `fulfillment:${f.shopifyId}:delivered`, data: { ...tracking, deliveredAt: f.deliveredAt.toISOString() } },
      });
    }
  }
  for (const r of o.returns) {
    out.push({
      at: r.requestedAt.getTime(),
      row: {
        type: "return_requested",
        actorType: "CUSTOMER",
        dedupeKey: `return:${r.shopifyId}:requested`,
        data: { returnId: String(r.shopifyId), name: r.name, items: r.lines.map((l) => ({ title: l.line.product.title, quantity: l.quantity, reason: l.reason })) },
      },
    });
  }
  for (const r of o.refunds) {
    out.push({
      at: r.processedAt.getTime(),
      row: {
        type: "refund_issued",
        actorType: "SHOPIFY",
        dedupeKey: `refund:${r.shopifyId}`,
        data: { refundId: String(r.shopifyId), amount: money(r.amount), currency: DEMO_SHOP.currencyCode, note: r.note },
      },
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The part of a conversation that fits a case's status. */
function pickLines(rng: Rng, all: ConversationLine[], status: CaseStatus): ConversationLine[] {
  const staffAt = all.map((l, i) => (l.from === "staff" ? i : -1)).filter((i) => i >= 0);
  if (staffAt.length === 0) return all;
  if (status === "RESOLVED" || status === "CLOSED") return all;
  if (status === "PENDING" || status === "SNOOZED") {
    const end = staffAt.length > 1 && rng.chance(0.4) ? staffAt[1] : staffAt[0];
    return all.slice(0, end + 1);
  }
  // OPEN: either nobody has answered yet, or the customer wrote back after an answer.
  const answeredEnd = all.findIndex((l, i) => i > staffAt[0] && l.from === "customer");
  if (answeredEnd > 0 && rng.chance(0.5)) return all.slice(0, answeredEnd + 1);
  if (all[1]?.from === "note" && rng.chance(0.5)) return all.slice(0, 2);
  return [all[0], { from: "customer", text: rng.pick(NUDGES) }];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function toHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${escapeHtml(para).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

// ───────────────────────────── Scenarios ─────────────────────────────

function personOf(o: GenOrder): { customer: GenCustomer | null; person: Person } {
  if (o.customer) return { customer: o.customer, person: { first: o.customer.firstName, last: o.customer.lastName, email: o.customer.email } };
  return { customer: null, person: { first: o.guest!.firstName, last: o.guest!.lastName, email: o.guest!.email } };
}

function orderVars(o: GenOrder): Record<string, string> {
  const f = o.fulfillments.find((x) => !x.digital) ?? null;
  const line = o.lines.find((l) => l.product.requiresShipping) ?? o.lines[0];
  const lastScan = f?.events.filter((e) => e.status === "IN_TRANSIT").at(-1);
  return {
    order: o.name,
    product: line.product.title,
    variant: line.variantTitle,
    city: o.city.city,
    orderTotal: usd(o.total),
    ...(f && f.carrier
      ? {
          carrier: f.carrier,
          tracking: f.trackingNumbers[0],
          trackingUrl: f.trackingUrls[0],
          eta: formatDay(f.deliveryAt),
          originalEta: formatDay(f.originalDeliveryAt),
          lastScanCity: lastScan ? `${lastScan.city}, ${lastScan.province}` : "Portland, OR",
        }
      : {}),
  };
}

function subjectFor(o: GenOrder, earliest: number, latest: number, extra: Record<string, string> = {}, pins?: Record<number, number>): CaseSubject {
  const { customer, person } = personOf(o);
  return { order: o, customer, person, earliest, latest, vars: { ...orderVars(o), ...extra }, pins };
}

function shipmentOf(o: GenOrder): GenFulfillment | null {
  return o.fulfillments.find((f) => !f.digital) ?? null;
}

function personWithoutOrder(ctx: CaseContext, guest: boolean): { customer: GenCustomer | null; person: Person } {
  if (!guest) {
    const c = ctx.rng.pick(ctx.customers.filter((x) => x.orders.length === 0));
    return { customer: c, person: { first: c.firstName, last: c.lastName, email: c.email } };
  }
  return { customer: null, person: ctx.newPerson() };
}

function noOrderSubjects(ctx: CaseContext, vars: Record<string, string> = {}, guestShare = 0.4, fromDaysAgo = 45): CaseSubject[] {
  const nowMs = ctx.input.now.getTime();
  return Array.from({ length: 3 }, () => {
    const who = personWithoutOrder(ctx, ctx.rng.chance(guestShare));
    const product = ctx.rng.pick(PRODUCTS.filter((p) => p.requiresShipping && !p.tags.includes("final-sale")));
    return { order: null, ...who, earliest: nowMs - fromDaysAgo * DAY, latest: nowMs - 10 * MIN, vars: { catalogProduct: product.title, ...vars } };
  });
}

const within = (ctx: CaseContext, filter: (o: GenOrder) => boolean) => ctx.orders.filter(filter);
const nowOf = (ctx: CaseContext) => ctx.input.now.getTime();

/**
 * The demo's cases: one per listed status, each about an order in the situation it describes (a delayed
 * parcel, a closed return…). Scenarios about specific situations come first so that they get their orders;
 * a case whose situation does not exist at this `now` is left out (60–66 cases in practice).
 */
const SCENARIOS: Scenario[] = [
  {
    conversation: "wismo_in_transit",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN", "OPEN", "PENDING", "SNOOZED"],
    channels: { EMAIL: 50, STOREFRONT: 35, CUSTOMER_ACCOUNT: 15 },
    subjects: (ctx) =>
      within(ctx, (o) => (o.role === null || o.role === "partial") && ["IN_TRANSIT", "CARRIER_PICKED_UP", "OUT_FOR_DELIVERY"].includes(shipmentOf(o)?.shipmentStatus ?? "")).map((o) =>
        subjectFor(o, shipmentOf(o)!.shippedAt.getTime() + 0.4 * DAY, nowOf(ctx)),
      ),
  },
  {
    conversation: "wismo_in_transit",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN"],
    channels: { STOREFRONT: 1 },
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "out-for-delivery").map((o) => subjectFor(o, shipmentOf(o)!.shippedAt.getTime() + 0.5 * DAY, nowOf(ctx))),
  },
  {
    conversation: "wismo_delayed",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN", "OPEN", "SNOOZED", "PENDING"],
    priority: "HIGH",
    tags: ["carrier-issue"],
    channels: { EMAIL: 50, STOREFRONT: 35, CUSTOMER_ACCOUNT: 15 },
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "delayed").map((o) => {
        const f = shipmentOf(o)!;
        const delayed = f.events.find((e) => e.status === "DELAYED")!;
        return subjectFor(o, delayed.at.getTime() + 30 * MIN, nowOf(ctx), {
          delayCity: `${delayed.city}, ${delayed.province}`,
          delayReason: delayed.message.split(":")[0].toLowerCase(),
        });
      }),
  },
  {
    conversation: "wismo_attempted",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN", "PENDING"],
    tags: ["carrier-issue"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "attempted").map((o) => {
        const attempt = shipmentOf(o)!.events.find((e) => e.status === "ATTEMPTED_DELIVERY")!;
        return subjectFor(o, attempt.at.getTime() + 20 * MIN, nowOf(ctx));
      }),
  },
  {
    conversation: "wismo_failure",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN"],
    priority: "URGENT",
    tags: ["carrier-issue", "escalated", "address-change"],
    channels: { EMAIL: 1 },
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "failed").map((o) => {
        const failure = shipmentOf(o)!.events.find((e) => e.status === "FAILURE")!;
        return subjectFor(o, failure.at.getTime() + 30 * MIN, nowOf(ctx));
      }),
  },
  {
    conversation: "wismo_not_shipped",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN", "PENDING"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "backordered" && o.fulfillmentStatus === "UNFULFILLED").map((o) => {
        const line = o.lines.find((l) => l.backordered) ?? o.lines[0];
        return subjectFor(o, o.processedAt.getTime() + 3 * DAY, nowOf(ctx), { product: line.product.title, variant: line.variantTitle });
      }),
  },
  {
    conversation: "wismo_delivered_not_received",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN", "RESOLVED"],
    priority: "HIGH",
    tags: ["carrier-issue"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && !!shipmentOf(o)?.deliveredAt && nowOf(ctx) - shipmentOf(o)!.deliveredAt!.getTime() < 12 * DAY).map((o) => {
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        return subjectFor(o, d + 2 * HOUR, d + 1.5 * DAY);
      }),
  },
  {
    conversation: "wismo_past",
    topic: "WHERE_IS_MY_ORDER",
    statuses: ["RESOLVED", "RESOLVED", "CLOSED", "CLOSED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && !!shipmentOf(o)?.inTransitAt && !!shipmentOf(o)?.deliveredAt).map((o) => {
        const f = shipmentOf(o)!;
        const d = f.deliveredAt!.getTime();
        return subjectFor(o, f.inTransitAt!.getTime() + 0.3 * DAY, d - 0.5 * DAY, {}, { 2: d + 2 * HOUR });
      }),
  },
  {
    conversation: "return_how_to",
    topic: "RETURN",
    statuses: ["OPEN", "RESOLVED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && o.lines.some(isReturnable) && !!shipmentOf(o)?.deliveredAt && nowOf(ctx) - shipmentOf(o)!.deliveredAt!.getTime() < 20 * DAY).map((o) => {
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        const line = o.lines.find(isReturnable)!;
        return subjectFor(o, d + 4 * HOUR, d + 6 * DAY, { product: line.product.title, variant: line.variantTitle });
      }),
  },
  {
    conversation: "return_requested",
    topic: "RETURN",
    suggestedTopic: "REFUND",
    statuses: ["OPEN", "OPEN", "PENDING"],
    tags: ["exchange"],
    channels: { STOREFRONT: 70, CUSTOMER_ACCOUNT: 30 },
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "return-requested").map((o) => {
        const r = o.returns[0];
        return subjectFor(o, r.requestedAt.getTime() + 5 * MIN, r.requestedAt.getTime() + 3 * HOUR, returnVars(r));
      }),
  },
  {
    conversation: "return_open",
    topic: "RETURN",
    statuses: ["PENDING", "SNOOZED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "return-open").map((o) => {
        const r = o.returns[0];
        return subjectFor(o, r.approvedAt!.getTime() + 30 * MIN, r.approvedAt!.getTime() + 2 * DAY, returnVars(r));
      }),
  },
  {
    conversation: "return_declined",
    topic: "RETURN",
    statuses: ["OPEN", "RESOLVED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "return-declined").map((o) => {
        const r = o.returns[0];
        const explanation =
          r.declineReason === "FINAL_SALE"
            ? `the ${r.lines[0].line.product.title} was a final-sale item, which is marked as non-returnable on the product page and at checkout.`
            : `we received the request more than ${RETURN_POLICY.windowDays} days after delivery, which is outside our return window.`;
        return subjectFor(o, r.updatedAt.getTime() + HOUR, r.updatedAt.getTime() + 2 * DAY, {
          ...returnVars(r),
          declineNote: r.declineNote ?? "",
          declineExplanation: explanation,
        });
      }),
  },
  {
    conversation: "refund_return_closed",
    topic: "REFUND",
    suggestedTopic: "RETURN",
    statuses: ["RESOLVED", "RESOLVED", "CLOSED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "return-closed").map((o) => {
        const r = o.returns[0];
        const refund = r.refund!;
        const t = refund.processedAt.getTime();
        const fee =
          r.lines[0].reason === "DEFECTIVE"
            ? "As the item was defective, we waived the restocking fee and the return label cost."
            : "As per our return policy, the 5% restocking fee and the $6.95 return label were deducted.";
        return subjectFor(o, t - 1.5 * DAY, t - 2 * HOUR, { ...returnVars(r), amount: usd(refund.amount), feeExplanation: fee }, { 1: t + 10 * MIN });
      }),
  },
  {
    conversation: "cancel_done",
    topic: "CANCEL",
    statuses: ["RESOLVED", "CLOSED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "cancelled" && o.cancelReason === "customer").map((o) => {
        const c = o.cancelledAt!.getTime();
        const text =
          o.financialStatus === "VOIDED"
            ? "Your card was only authorised, so the hold will simply disappear from your statement within a few days."
            : `We've refunded the full ${usd(o.total)} to your original payment method; it can take 5–10 business days to appear.`;
        return subjectFor(o, o.processedAt.getTime() + 5 * MIN, c - 10 * MIN, { cancelRefundText: text }, { 1: c + 2 * MIN });
      }),
  },
  {
    conversation: "cancel_too_late",
    topic: "CANCEL",
    statuses: ["OPEN", "PENDING"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && !!shipmentOf(o) && ctx.ageOf(o) < 8 * DAY).map((o) => {
        const f = shipmentOf(o)!;
        return subjectFor(o, f.labelAt.getTime() + HOUR, (f.deliveredAt ?? ctx.input.now).getTime());
      }),
  },
  {
    conversation: "cancel_request_open",
    topic: "CANCEL",
    statuses: ["OPEN"],
    priority: "HIGH",
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.financialStatus === "PAID" && o.fulfillmentStatus === "UNFULFILLED" && ctx.ageOf(o) < 3 * DAY).map((o) =>
        subjectFor(o, o.processedAt.getTime() + 15 * MIN, o.processedAt.getTime() + 6 * HOUR),
      ),
  },
  {
    conversation: "billing_pending",
    topic: "BILLING",
    statuses: ["PENDING"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "pending").map((o) => subjectFor(o, o.processedAt.getTime() + 2 * HOUR, nowOf(ctx))),
  },
  {
    conversation: "billing_double_charge",
    topic: "BILLING",
    suggestedTopic: "REFUND",
    statuses: ["OPEN"],
    priority: "URGENT",
    tags: ["escalated"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "authorized").map((o) => subjectFor(o, o.processedAt.getTime() + 3 * HOUR, nowOf(ctx))),
  },
  {
    conversation: "billing_discount",
    topic: "BILLING",
    suggestedTopic: "REFUND",
    statuses: ["RESOLVED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "refund-adjustment").map((o) => {
        const r = o.refunds[0];
        const t = r.processedAt.getTime();
        return subjectFor(o, t - 20 * HOUR, t - 2 * HOUR, { amount: usd(r.amount) }, { 1: t + 3 * MIN });
      }),
  },
  {
    conversation: "billing_invoice",
    topic: "BILLING",
    statuses: ["CLOSED"],
    priority: "LOW",
    channels: { EMAIL: 1 },
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.tags.includes("wholesale") && o.fulfillmentStatus === "FULFILLED").map((o) =>
        subjectFor(o, o.processedAt.getTime() + DAY, o.processedAt.getTime() + 20 * DAY),
      ),
  },
  {
    conversation: "product_sizing",
    topic: "PRODUCT_QUESTION",
    statuses: ["OPEN", "RESOLVED"],
    channels: { EMAIL: 50, STOREFRONT: 50 },
    subjects: (ctx) =>
      noOrderSubjects(ctx).map((s) => ({ ...s, vars: { ...s.vars, catalogProduct: ctx.rng.pick(["Ridgeline Waterproof Shell Jacket", "Summit Down Puffer", "Trailhead Fleece Pullover"]) } })),
  },
  {
    conversation: "product_restock",
    topic: "PRODUCT_QUESTION",
    statuses: ["SNOOZED"],
    priority: "LOW",
    channels: { STOREFRONT: 60, EMAIL: 40 },
    subjects: (ctx) => noOrderSubjects(ctx, {}, 0.3, 10),
  },
  {
    conversation: "product_care",
    topic: "PRODUCT_QUESTION",
    statuses: ["CLOSED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && o.lines.some((l) => l.product.key === "puffer" || l.product.key === "shell")).map((o) => {
        const line = o.lines.find((l) => l.product.key === "puffer" || l.product.key === "shell")!;
        const d = (shipmentOf(o)?.deliveredAt ?? o.processedAt).getTime();
        return subjectFor(o, d + DAY, d + 30 * DAY, { product: line.product.title });
      }),
  },
  {
    conversation: "product_waterproof",
    topic: "PRODUCT_QUESTION",
    statuses: ["PENDING"],
    channels: { STOREFRONT: 1 },
    subjects: (ctx) => noOrderSubjects(ctx, { catalogProduct: "Sierra 28L Daypack" }, 0.6, 6),
  },
  {
    conversation: "damaged",
    topic: "DAMAGED_OR_WRONG",
    suggestedTopic: "RETURN",
    statuses: ["RESOLVED"],
    priority: "HIGH",
    tags: ["fragile"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "refund-damaged").map((o) => {
        const r = o.refunds[0];
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        const t = r.processedAt.getTime();
        return subjectFor(o, d + HOUR, Math.max(d + 2 * HOUR, t - 0.8 * DAY), { product: r.lines[0].line.product.title, amount: usd(r.amount) }, { 4: t + 5 * MIN });
      }),
  },
  {
    conversation: "damaged",
    topic: "DAMAGED_OR_WRONG",
    statuses: ["OPEN", "PENDING"],
    priority: "HIGH",
    tags: ["fragile"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && o.lines.some((l) => l.product.tags.includes("fragile")) && !!shipmentOf(o)?.deliveredAt && nowOf(ctx) - shipmentOf(o)!.deliveredAt!.getTime() < 21 * DAY).map((o) => {
        const line = o.lines.find((l) => l.product.tags.includes("fragile"))!;
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        return subjectFor(o, d + HOUR, d + 2 * DAY, { product: line.product.title, amount: usd(unitNet(line, 1)) });
      }),
  },
  {
    conversation: "wrong_item",
    topic: "DAMAGED_OR_WRONG",
    suggestedTopic: "RETURN",
    statuses: ["OPEN", "PENDING"],
    tags: ["exchange"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && o.lines.some((l) => l.product.sizes.length > 2) && !!shipmentOf(o)?.deliveredAt && nowOf(ctx) - shipmentOf(o)!.deliveredAt!.getTime() < 10 * DAY).map((o) => {
        const line = o.lines.find((l) => l.product.sizes.length > 2)!;
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        return subjectFor(o, d + HOUR, d + 2 * DAY, { product: line.product.title, variant: line.variantTitle });
      }),
  },
  {
    conversation: "missing_item",
    topic: "DAMAGED_OR_WRONG",
    suggestedTopic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN", "PENDING"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === "partial" && o.fulfillmentStatus === "PARTIALLY_FULFILLED" && !!shipmentOf(o)?.deliveredAt).map((o) => {
        const line = o.lines.find((l) => l.backordered)!;
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        return subjectFor(o, d + HOUR, d + 3 * DAY, { product: line.product.title, variant: line.variantTitle });
      }),
  },
  {
    conversation: "account_login",
    topic: "ACCOUNT",
    statuses: ["RESOLVED"],
    channels: { EMAIL: 1 },
    subjects: (ctx) =>
      ctx.customers
        .filter((c) => c.orders.length > 0)
        .slice(0, 20)
        .map((c) => ({
          order: null,
          customer: c,
          person: { first: c.firstName, last: c.lastName, email: `${slugify(c.firstName)}.${slugify(c.lastName)}@example.net` },
          earliest: nowOf(ctx) - 30 * DAY,
          latest: nowOf(ctx),
          vars: { email: c.email },
        })),
  },
  {
    conversation: "account_change_email",
    topic: "ACCOUNT",
    statuses: ["CLOSED"],
    priority: "LOW",
    channels: { EMAIL: 1 },
    subjects: (ctx) =>
      ctx.customers
        .filter((c) => c.orders.length > 1)
        .map((c) => ({ order: null, customer: c, person: { first: c.firstName, last: c.lastName, email: c.email }, earliest: nowOf(ctx) - 40 * DAY, latest: nowOf(ctx), vars: {} })),
  },
  {
    conversation: "account_delete_data",
    topic: "ACCOUNT",
    statuses: ["PENDING"],
    channels: { CUSTOMER_ACCOUNT: 60, EMAIL: 40 },
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && !!o.customer && o.fulfillmentStatus === "FULFILLED" && !!shipmentOf(o)?.deliveredAt && nowOf(ctx) - shipmentOf(o)!.deliveredAt!.getTime() < 20 * DAY).map((o) =>
        subjectFor(o, shipmentOf(o)!.deliveredAt!.getTime() + DAY, nowOf(ctx)),
      ),
  },
  {
    conversation: "account_orders_missing",
    topic: "ACCOUNT",
    suggestedTopic: "WHERE_IS_MY_ORDER",
    statuses: ["OPEN"],
    channels: { CUSTOMER_ACCOUNT: 1 },
    subjects: (ctx) => within(ctx, (o) => o.customer === null && o.role === null).map((o) => subjectFor(o, o.processedAt.getTime() + HOUR, nowOf(ctx))),
  },
  {
    conversation: "other_wholesale",
    topic: "OTHER",
    statuses: ["PENDING"],
    tags: ["wholesale"],
    channels: { EMAIL: 1 },
    subjects: (ctx) => noOrderSubjects(ctx, {}, 1, 12),
  },
  {
    conversation: "other_address_change",
    topic: "OTHER",
    suggestedTopic: "ACCOUNT",
    statuses: ["OPEN"],
    priority: "HIGH",
    tags: ["address-change"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.financialStatus === "PAID" && o.fulfillmentStatus === "UNFULFILLED" && ctx.ageOf(o) < 3 * DAY).map((o) =>
        subjectFor(o, o.processedAt.getTime() + 10 * MIN, o.processedAt.getTime() + 6 * HOUR),
      ),
  },
  {
    conversation: "other_gift_card",
    topic: "OTHER",
    statuses: ["RESOLVED"],
    tags: ["gift"],
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.lines.some((l) => l.product.key === "giftcard") && !o.cancelledAt && o.fulfillmentStatus !== "UNFULFILLED").map((o) =>
        subjectFor(o, o.processedAt.getTime() + DAY, o.processedAt.getTime() + 10 * DAY),
      ),
  },
  {
    conversation: "other_compliment",
    topic: "OTHER",
    statuses: ["CLOSED"],
    priority: "LOW",
    subjects: (ctx) =>
      within(ctx, (o) => o.role === null && o.fulfillmentStatus === "FULFILLED" && o.lines.some((l) => l.product.key === "shell") && !!shipmentOf(o)?.deliveredAt).map((o) => {
        const d = shipmentOf(o)!.deliveredAt!.getTime();
        return subjectFor(o, d + 7 * DAY, d + 40 * DAY, { product: "Ridgeline Waterproof Shell Jacket" });
      }),
  },
  {
    conversation: "other_repair",
    topic: "OTHER",
    suggestedTopic: "DAMAGED_OR_WRONG",
    statuses: ["OPEN"],
    priority: "LOW",
    subjects: (ctx) => noOrderSubjects(ctx, {}, 0, 5),
  },
  {
    conversation: "refund_where",
    topic: "REFUND",
    statuses: ["OPEN", "PENDING", "RESOLVED", "CLOSED"],
    subjects: (ctx) =>
      within(ctx, (o) => o.refunds.length > 0 && ["return-closed", "refund-goodwill", "refund-shipping", "cancelled"].includes(o.role ?? "")).map((o) => {
        const r = o.refunds[o.refunds.length - 1];
        const t = r.processedAt.getTime();
        return subjectFor(o, t + 2 * DAY, t + 12 * DAY, { amount: usd(r.amount), refundDate: formatDay(r.processedAt) }, { 2: t + 7 * DAY });
      }),
  },
];

function returnVars(r: GenReturn): Record<string, string> {
  return { return: r.name, product: r.lines[0].line.product.title, variant: r.lines[0].line.variantTitle };
}
