// The delivery plan of `npm run test:faults` and the checks run on its outcome. Pure (no I/O but reading the
// committed webhook fixtures), so tests/faults/webhook-plan.test.ts can show that the checks catch what they claim to.
import fs from "node:fs";
import path from "node:path";

/** One distinct delivery (one X-Shopify-Webhook-Id); a duplicate request re-sends the same one. */
export interface PlannedDelivery {
  webhookId: string;
  eventId: string;
  topic: "orders/create" | "orders/updated" | "fulfillments/create" | "fulfillments/update" | "refunds/create";
  /** Index of the order (0-based) the delivery is about. */
  order: number;
  /** Shopify id of the order. */
  orderId: string;
  /** Shopify id of the record the delivery versions: the order, the fulfillment or the refund. */
  objectId: string;
  /** The record's updated_at in this delivery (its version). Refunds are versioned by existence. */
  updatedAt: string;
  /** Order deliveries: the n-th version of the order (0 = orders/create); its note reads `faults v<n>`. Else the sub-record index. */
  version: number;
}

export interface PlanOptions {
  total: number;
  orders: number;
  /** Orders whose deliveries are interleaved at a time (their creates lead their wave). */
  wave: number;
}

const FULFILLMENTS_PER_ORDER = 2;
const REFUNDS_PER_ORDER = 2;
/** Per order: orders/create, 2 fulfillments/create, 1 fulfillments/update, 2 refunds/create; the rest are orders/updated. */
const FIXED_PER_ORDER = 1 + FULFILLMENTS_PER_ORDER + 1 + REFUNDS_PER_ORDER;
const BASE_TIME = Date.parse("2026-11-20T12:00:00Z");

/** Shopify ids the plan uses: fixture ids remapped per order (and per sub-record), all below 2^53. */
export const ids = {
  order: (k: number) => String(remappedId(5940139491234, k, 0)),
  fulfillment: (k: number, f: number) => String(remappedId(5623847192011, k, f)),
  refund: (k: number, r: number) => String(remappedId(1023456789012, k, r)),
};

/**
 * `total` distinct deliveries for `orders` orders, in the order they are sent: orders in waves of `wave`,
 * round-robin inside a wave, each order's own deliveries in Shopify's order (create, updates with increasing
 * updated_at, fulfillments after the order, a fulfillment's update after it, refunds later).
 * Ids are derived from the index, so a plan is the same on every run.
 */
export function planDeliveries({ total, orders, wave }: PlanOptions): PlannedDelivery[] {
  const updatesTotal = total - orders * FIXED_PER_ORDER;
  if (updatesTotal < 0) throw new Error(`${total} deliveries cannot cover ${orders} orders (${FIXED_PER_ORDER} each at least)`);
  const perOrder: PlannedDelivery[][] = [];
  let count = 0;
  for (let k = 0; k < orders; k++) {
    const updates = Math.floor(updatesTotal / orders) + (k < updatesTotal % orders ? 1 : 0);
    const orderAt = (n: number) => new Date(BASE_TIME + k * 1000 + n * 60_000).toISOString();
    const list: PlannedDelivery[] = [];
    const push = (topic: PlannedDelivery["topic"], objectId: string, updatedAt: string, version: number) => {
      const id = `00000000-0000-4000-8000-${(count++).toString(16).padStart(12, "0")}`;
      list.push({ webhookId: id, eventId: `e${id.slice(1)}`, topic, order: k, orderId: ids.order(k), objectId, updatedAt, version });
    };
    push("orders/create", ids.order(k), orderAt(0), 0);
    // Fulfillments and refunds are spread among the updates: after ~1/4, ~1/2 and ~3/4 of them.
    const marks = [Math.floor(updates / 4), Math.floor(updates / 2), Math.floor((3 * updates) / 4)];
    for (let n = 1; n <= updates + 1; n++) {
      if (n - 1 === marks[0]) push("fulfillments/create", ids.fulfillment(k, 0), orderAt(n - 0.5), 0);
      if (n - 1 === marks[1]) {
        push("fulfillments/create", ids.fulfillment(k, 1), orderAt(n - 0.6), 1);
        push("fulfillments/update", ids.fulfillment(k, 0), orderAt(n - 0.4), 0);
        push("refunds/create", ids.refund(k, 0), orderAt(n - 0.3), 0);
      }
      if (n - 1 === marks[2]) push("refunds/create", ids.refund(k, 1), orderAt(n - 0.5), 1);
      if (n <= updates) push("orders/updated", ids.order(k), orderAt(n), n);
    }
    perOrder.push(list);
  }
  const sequence: PlannedDelivery[] = [];
  for (let start = 0; start < orders; start += wave) {
    const lists = perOrder.slice(start, start + wave);
    for (let i = 0; lists.some((l) => i < l.length); i++) {
      for (const l of lists) if (i < l.length) sequence.push(l[i]);
    }
  }
  return sequence;
}

// ───────────────────────────── Payloads ─────────────────────────────

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const FIXTURES = path.resolve("tests/fixtures/webhooks");
const fixtureCache = new Map<string, Json>();
function fixture(name: string): Json {
  if (!fixtureCache.has(name)) fixtureCache.set(name, JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), "utf8")) as Json);
  return structuredClone(fixtureCache.get(name)!);
}

/** Fixture ids (in first-seen order across the fixtures) → a block of 10^12 ids each: order k, sub-record s. */
const idBlocks = new Map<number, number>();
function remappedId(original: number, k: number, sub: number): number {
  if (!idBlocks.has(original)) idBlocks.set(original, idBlocks.size + 1);
  return idBlocks.get(original)! * 1_000_000_000_000 + k * 10 + sub;
}
// Blocks assigned up front, so the ids above do not depend on which payload was built first.
for (const id of [5940139491234, 5623847192011, 1023456789012]) remappedId(id, 0, 0);

/**
 * Rewrites every Shopify id in a fixture (numeric `id` / `*_id` fields and gid:// strings) for order `k`.
 * Ids listed in `own` (the delivery's own record and its children) also get the sub-record index.
 */
function remap(value: Json, k: number, sub: number, own: Set<number>): Json {
  const map = (id: number) => remappedId(id, k, own.has(id) ? sub : 0);
  if (Array.isArray(value)) return value.map((v) => remap(v, k, sub, own));
  if (typeof value === "string") {
    const gid = /^gid:\/\/shopify\/(\w+)\/(\d+)$/.exec(value);
    return gid ? `gid://shopify/${gid[1]}/${map(Number(gid[2]))}` : value;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        (key === "id" || key.endsWith("_id")) && typeof v === "number" && Number.isInteger(v) ? map(v) : remap(v, k, sub, own),
      ]),
    );
  }
  return value;
}

/** The JSON body Shopify would send for a planned delivery (the same bytes on every re-send). */
export function payloadOf(d: PlannedDelivery): Json {
  const orderName = `#${10_000 + d.order}`;
  if (d.topic === "orders/create" || d.topic === "orders/updated") {
    const order = remap(fixture("orders-create"), d.order, 0, new Set()) as Record<string, Json>;
    // These orders say nothing about fulfillments and refunds (their own deliveries do): absent, not [].
    delete order.fulfillments;
    delete order.refunds;
    return { ...order, name: orderName, order_number: 10_000 + d.order, number: 9_000 + d.order, updated_at: d.updatedAt, note: `faults v${d.version}` };
  }
  if (d.topic === "fulfillments/create" || d.topic === "fulfillments/update") {
    const raw = fixture("fulfillments-create") as Record<string, Json>;
    const f = remap(raw, d.order, d.version, new Set([raw.id as number])) as Record<string, Json>;
    const tracking = `1ZFAULTS${d.order}X${d.version}`;
    return {
      ...f,
      name: `${orderName}.${d.version + 1}`,
      // Fulfillment 0 ships the first line, fulfillment 1 the second.
      line_items: [(remap(fixture("orders-create"), d.order, 0, new Set()) as { line_items: Json[] }).line_items[d.version]],
      shipment_status: d.topic === "fulfillments/update" ? "in_transit" : null,
      tracking_number: tracking,
      tracking_numbers: [tracking],
      updated_at: d.updatedAt,
    };
  }
  const raw = fixture("refunds-create") as { id: number; refund_line_items: { id: number }[]; transactions: { id: number }[] };
  const own = new Set([raw.id, ...raw.refund_line_items.map((l) => l.id), ...raw.transactions.map((t) => t.id)]);
  const refund = remap(raw as unknown as Json, d.order, d.version, own) as Record<string, Json>;
  return { ...refund, created_at: d.updatedAt, processed_at: d.updatedAt };
}

/** Lines the mirror should hold for the record of a delivery: fulfillments ship one line, refunds refund one. */
export const LINES_PER_ORDER = 2;
export const LINES_PER_FULFILLMENT = 1;
export const LINES_PER_REFUND = 1;

// ───────────────────────────── Checks ─────────────────────────────

export interface MirrorState {
  orders: Map<string, { updatedAt: number; note: string | null; lineItems: number }>;
  fulfillments: Map<string, { orderId: string; updatedAt: number; lines: number }>;
  refunds: Map<string, { orderId: string; lines: number }>;
}

/**
 * What the mirror must hold once exactly the `stored` deliveries have been applied, in any order: an order for each
 * order with a stored order delivery, at its newest stored version; each stored fulfillment at its newest stored
 * version; each stored refund once. (Fulfillments and refunds of an order the mirror does not hold would need the
 * Admin API, which the suite does not offer: those are not expected.)
 */
export function expectedMirror(stored: Iterable<PlannedDelivery>): MirrorState {
  const state: MirrorState = { orders: new Map(), fulfillments: new Map(), refunds: new Map() };
  const list = [...stored];
  for (const d of list) {
    if (d.topic !== "orders/create" && d.topic !== "orders/updated") continue;
    const at = Date.parse(d.updatedAt);
    const current = state.orders.get(d.orderId);
    if (!current || at > current.updatedAt) state.orders.set(d.orderId, { updatedAt: at, note: `faults v${d.version}`, lineItems: LINES_PER_ORDER });
  }
  for (const d of list) {
    if (!state.orders.has(d.orderId)) continue;
    const at = Date.parse(d.updatedAt);
    if (d.topic === "fulfillments/create" || d.topic === "fulfillments/update") {
      const current = state.fulfillments.get(d.objectId);
      if (!current || at > current.updatedAt) state.fulfillments.set(d.objectId, { orderId: d.orderId, updatedAt: at, lines: LINES_PER_FULFILLMENT });
    } else if (d.topic === "refunds/create") {
      state.refunds.set(d.objectId, { orderId: d.orderId, lines: LINES_PER_REFUND });
    }
  }
  return state;
}

/** Every difference between the expected and the actual mirror, one precise line each (at most `limit` per kind). */
export function compareMirror(expected: MirrorState, actual: MirrorState, limit = 10): string[] {
  const problems: string[] = [];
  const capped = (kind: string, lines: string[]) => {
    problems.push(...lines.slice(0, limit));
    if (lines.length > limit) problems.push(`… and ${lines.length - limit} more ${kind} problems`);
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const orders: string[] = [];
  for (const [id, e] of expected.orders) {
    const a = actual.orders.get(id);
    if (!a) orders.push(`order ${id}: acknowledged, not in the mirror`);
    else {
      if (a.updatedAt !== e.updatedAt) orders.push(`order ${id}: stored version ${iso(a.updatedAt)}, newest acknowledged is ${iso(e.updatedAt)}`);
      if (a.note !== e.note) orders.push(`order ${id}: note "${a.note}", the newest acknowledged version says "${e.note}"`);
      if (a.lineItems !== e.lineItems) orders.push(`order ${id}: ${a.lineItems} line items, expected ${e.lineItems}`);
    }
  }
  for (const id of actual.orders.keys()) if (!expected.orders.has(id)) orders.push(`order ${id}: in the mirror, but no delivery of it was stored`);
  capped("order", orders);
  const fulfillments: string[] = [];
  for (const [id, e] of expected.fulfillments) {
    const a = actual.fulfillments.get(id);
    if (!a) fulfillments.push(`fulfillment ${id} (order ${e.orderId}): acknowledged, not in the mirror`);
    else {
      if (a.orderId !== e.orderId) fulfillments.push(`fulfillment ${id}: on order ${a.orderId}, expected ${e.orderId}`);
      if (a.updatedAt !== e.updatedAt) fulfillments.push(`fulfillment ${id}: stored version ${iso(a.updatedAt)}, newest acknowledged is ${iso(e.updatedAt)}`);
      if (a.lines !== e.lines) fulfillments.push(`fulfillment ${id}: ${a.lines} lines, expected ${e.lines} (applied twice?)`);
    }
  }
  for (const id of actual.fulfillments.keys()) if (!expected.fulfillments.has(id)) fulfillments.push(`fulfillment ${id}: in the mirror, but not acknowledged`);
  capped("fulfillment", fulfillments);
  const refunds: string[] = [];
  for (const [id, e] of expected.refunds) {
    const a = actual.refunds.get(id);
    if (!a) refunds.push(`refund ${id} (order ${e.orderId}): acknowledged, not in the mirror`);
    else {
      if (a.orderId !== e.orderId) refunds.push(`refund ${id}: on order ${a.orderId}, expected ${e.orderId}`);
      if (a.lines !== e.lines) refunds.push(`refund ${id}: ${a.lines} lines, expected ${e.lines} (applied twice?)`);
    }
  }
  for (const id of actual.refunds.keys()) if (!expected.refunds.has(id)) refunds.push(`refund ${id}: in the mirror, but not acknowledged`);
  capped("refund", refunds);
  return problems;
}

/** What the inbox holds for one webhook id. */
export interface InboxRow {
  state: string;
  lastError: string | null;
}

const FINAL_STATES = new Set(["PROCESSED", "STALE", "IGNORED"]);

/**
 * The inbox against what the server answered: every acknowledged delivery stored once and finished (no FAILED,
 * none stuck); a delivery never acknowledged may be stored only when its commit outlived the answer (reported,
 * and it must be finished too). Whether a delivery was applied (not merely marked) is the mirror's check: a refund
 * applied by an attempt whose worker died before recording it is STALE on the next attempt, and still applied once.
 */
export function checkInbox(
  plan: PlannedDelivery[],
  acknowledged: Set<string>,
  rows: Map<string, InboxRow & { outcome?: string | null }>,
  limit = 10,
): { problems: string[]; storedUnacknowledged: string[] } {
  const problems: string[] = [];
  const storedUnacknowledged: string[] = [];
  const add = (line: string) => {
    if (problems.length < limit) problems.push(line);
    else if (problems.length === limit) problems.push("… (more problems left out)");
  };
  for (const d of plan) {
    const row = rows.get(d.webhookId);
    const acked = acknowledged.has(d.webhookId);
    if (!row) {
      if (acked) add(`${d.topic} ${d.webhookId}: answered 2xx but not in the inbox (lost)`);
      continue;
    }
    if (!acked) storedUnacknowledged.push(d.webhookId);
    if (row.state === "FAILED") add(`${d.topic} ${d.webhookId}: FAILED: ${row.lastError ?? "(no error recorded)"}`);
    else if (!FINAL_STATES.has(row.state)) add(`${d.topic} ${d.webhookId}: stuck in ${row.state}${row.lastError ? ` (last error: ${row.lastError})` : ""}`);
  }
  const planned = new Set(plan.map((d) => d.webhookId));
  for (const id of rows.keys()) if (!planned.has(id)) add(`inbox row for webhook id ${id}, which the suite never sent`);
  return { problems, storedUnacknowledged };
}
