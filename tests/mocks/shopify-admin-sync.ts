import { http, HttpResponse } from "msw";
import type { OperationResolver } from "./shopify-admin";
import { buildOrderForMirror, order1001State, order1002State } from "./shopify-admin-orders";

/**
 * Admin API answers for the order sync (app/sync): the backfill's bulk operation and the reconciliation's
 * order list. A bulk operation started here is RUNNING on its first poll and COMPLETED on the next, and its
 * JSONL is served by `bulkDownloadHandlers` at https://storage.example.test/bulk/<n>.jsonl. What it holds is a
 * handful of orders #1301… (ids far above the demo's seeded #1001…#1200), copies of the fixture orders with
 * every GID moved, written the way Shopify writes a bulk result: connection children on lines of their own
 * with `__parentId`. Tests serve other files with serveBulkFile and answer other states with mock.use().
 */

export const BULK_STORAGE = "https://storage.example.test/bulk";
const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/;
const BACKFILL_ORDER_COUNT = 5;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function moveGids(value: Json, offset: bigint): Json {
  if (typeof value === "string") {
    const match = GID.exec(value);
    return match ? `gid://shopify/${match[1]}/${BigInt(match[2]) + offset}` : value;
  }
  if (Array.isArray(value)) return value.map((v) => moveGids(v, offset));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, moveGids(v, offset)]));
  }
  return value;
}

type MirrorOrder = ReturnType<typeof buildOrderForMirror>;

/** The orders the demo's bulk operation imports, as OrderForMirror would answer them. */
export function backfillOrders(): MirrorOrder[] {
  const templates = [buildOrderForMirror(order1001State()), buildOrderForMirror(order1002State())];
  return Array.from({ length: BACKFILL_ORDER_COUNT }, (_, k) => {
    const template = templates[k % templates.length];
    const moved = moveGids(template as unknown as Json, 900_000_000_000_000n + BigInt(k) * 1_000_000_000n) as unknown as MirrorOrder;
    const email = `backfill${k + 1}@example.com`;
    return {
      ...moved,
      name: `#${1301 + k}`,
      number: 1301 + k,
      email,
      customer: moved.customer
        ? { ...moved.customer, firstName: "Backfill", lastName: `Buyer ${k + 1}`, defaultEmailAddress: { emailAddress: email } }
        : moved.customer,
    };
  });
}

/**
 * An order as a bulk result holds it: lines and returns (connections) as child rows, fulfillments and refunds
 * (lists) inline without the connections a bulk query cannot read inside a list.
 */
export function bulkRowsFor(order: MirrorOrder): Record<string, unknown>[] {
  const { lineItems, returns, fulfillments, refunds, ...fields } = order;
  const parent = {
    ...fields,
    fulfillments: fulfillments.map(({ fulfillmentLineItems: _lines, events: _events, ...f }) => f),
    refunds: refunds.map(({ refundLineItems: _lines, refundShippingLines: _shipping, ...r }) => r),
  };
  return [
    parent,
    ...lineItems.nodes.map((l) => ({ ...l, __parentId: order.id })),
    ...returns.nodes.map(({ returnLineItems: _lines, reverseFulfillmentOrders: _rfo, ...r }) => ({ ...r, __parentId: order.id })),
  ];
}

export function toJsonl(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

// ───────────────────────────── Bulk operations and their files ─────────────────────────────

const files = new Map<string, string>();
const operations = new Map<string, { file: string; polls: number; objectCount: number }>();
let sequence = 0;

/** Serve `jsonl` at `${BULK_STORAGE}/<name>` (tests). */
export function serveBulkFile(name: string, jsonl: string): string {
  files.set(name, jsonl);
  return `${BULK_STORAGE}/${name}`;
}

function demoJsonl(): string {
  return toJsonl(backfillOrders().flatMap(bulkRowsFor));
}

export const bulkDownloadHandlers = [
  http.get(`${BULK_STORAGE}/:name`, ({ params }) => {
    const body = files.get(String(params.name));
    return body === undefined ? new HttpResponse("NoSuchKey", { status: 404 }) : new HttpResponse(body, { headers: { "content-type": "application/jsonl" } });
  }),
];

/** Spread into the Admin mock's default resolvers. */
export const syncResolvers: Record<string, OperationResolver> = {
  BulkOperationRunQuery: () => {
    sequence += 1;
    const id = `gid://shopify/BulkOperation/${720_000 + sequence}`;
    const jsonl = demoJsonl();
    const file = `${720_000 + sequence}.jsonl`;
    files.set(file, jsonl);
    operations.set(id, { file, polls: 0, objectCount: jsonl.trim().split("\n").length });
    return { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } };
  },
  BulkOperationStatus: ({ variables }) => {
    const id = String(variables.id);
    const op = operations.get(id);
    if (!op) return { node: null };
    op.polls += 1;
    const done = op.polls >= 2;
    return {
      node: {
        id,
        status: done ? "COMPLETED" : "RUNNING",
        errorCode: null,
        objectCount: String(done ? op.objectCount : Math.floor(op.objectCount / 2)),
        rootObjectCount: String(done ? BACKFILL_ORDER_COUNT : 2),
        url: done ? `${BULK_STORAGE}/${op.file}` : null,
        partialDataUrl: null,
        createdAt: new Date().toISOString(),
        completedAt: done ? new Date().toISOString() : null,
      },
    };
  },
  OrdersUpdatedSince: ({ variables }) => {
    const all = backfillOrders().map((o) => ({ id: o.id, updatedAt: o.updatedAt }));
    const first = Number(variables.first ?? 50);
    const start = typeof variables.after === "string" ? Number(variables.after) : 0;
    const nodes = all.slice(start, start + first);
    const end = start + nodes.length;
    return { orders: { pageInfo: { hasNextPage: end < all.length, endCursor: nodes.length ? String(end) : null }, nodes } };
  },
};
