import { HttpThrottlingError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import type { AdminGraphql } from "../../app/auth/staff.server";
import { AdminGraphqlError, adminGraphql, throttleWaitMs } from "../../app/shopify/admin-client.server";
import { ORDER_FOR_MIRROR_QUERY } from "../../app/shopify/operations/orders";
import { unauthenticated } from "../../app/shopify.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";

const adminMock = shopifyAdminMock();

const THROTTLED = {
  errors: [
    {
      message: "Throttled",
      extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
    },
  ],
  extensions: {
    cost: {
      requestedQueryCost: 752,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 140, restoreRate: 100 },
    },
  },
};

async function admin(): Promise<AdminGraphql> {
  const shop = await createInstalledShop();
  return (await unauthenticated.admin(shop.domain)).admin;
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const variables = { id: "gid://shopify/Order/5940139491234" };

describe("adminGraphql", () => {
  it("returns the data of a successful answer", async () => {
    const data = await adminGraphql<{ order: { name: string } | null }>(
      await admin(),
      ORDER_FOR_MIRROR_QUERY,
      variables,
    );
    expect(data.order?.name).toBe("#1001");
    expect(adminMock.callsTo("OrderForMirror")).toEqual([
      expect.objectContaining({ variables, apiVersion: "2026-07" }),
    ]);
  });

  it("waits as long as the bucket needs to refill for the query, then retries", async () => {
    let calls = 0;
    adminMock.use("OrderForMirror", () => (++calls === 1 ? THROTTLED : { order: null }));
    const { waits, sleep } = recordingSleep();

    const data = await adminGraphql(await admin(), ORDER_FOR_MIRROR_QUERY, variables, { sleep });

    expect(data).toEqual({ order: null });
    // 752 points wanted, 140 available, 100 restored per second: 6.12 s, plus a margin.
    expect(waits).toEqual([6220]);
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(2);
  });

  it("gives up after a bounded number of attempts with a THROTTLED error", async () => {
    adminMock.use("OrderForMirror", () => THROTTLED);
    const { waits, sleep } = recordingSleep();

    const error = await adminGraphql(await admin(), ORDER_FOR_MIRROR_QUERY, variables, { sleep, maxAttempts: 3 }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect(error).toMatchObject({ code: "THROTTLED", operationName: "OrderForMirror" });
    expect((error as Error).message).toMatch(
      /OrderForMirror was still throttled by Shopify after 3 attempts: Throttled/,
    );
    expect(waits).toHaveLength(2);
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(3);
  });

  it("turns other errors into an AdminGraphqlError carrying Shopify's messages, without retrying", async () => {
    adminMock.use("OrderForMirror", () => ({
      errors: [
        {
          message: "Access denied for returns field.",
          extensions: { code: "ACCESS_DENIED" },
          path: ["order", "returns"],
        },
        { message: "Order is archived", extensions: { code: "NOT_FOUND" } },
      ],
    }));
    const { waits, sleep } = recordingSleep();

    const error = await adminGraphql(await admin(), ORDER_FOR_MIRROR_QUERY, variables, { sleep }).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect(error).toMatchObject({
      code: "GRAPHQL_ERRORS",
      message: "Admin API operation OrderForMirror failed: Access denied for returns field.; Order is archived",
      errors: [
        { message: "Access denied for returns field.", code: "ACCESS_DENIED", path: ["order", "returns"] },
        { message: "Order is archived", code: "NOT_FOUND" },
      ],
    });
    expect(waits).toEqual([]);
    expect(adminMock.callsTo("OrderForMirror")).toHaveLength(1);
  });

  it("honours Retry-After on an HTTP 429", async () => {
    let calls = 0;
    const client: AdminGraphql = {
      graphql: async () => {
        if (++calls === 1)
          throw new HttpThrottlingError({
            message: "Shopify is throttling requests",
            code: 429,
            statusText: "Too Many Requests",
            retryAfter: 2,
          });
        return new Response(JSON.stringify({ data: { ok: true } }));
      },
    };
    const { waits, sleep } = recordingSleep();
    expect(await adminGraphql(client, ORDER_FOR_MIRROR_QUERY, variables, { sleep })).toEqual({ ok: true });
    expect(waits).toEqual([2000]);
  });

  it("backs off exponentially without cost information, within the cap", () => {
    expect([1, 2, 3].map((attempt) => throttleWaitMs({}, attempt))).toEqual([1000, 2000, 4000]);
    expect(throttleWaitMs({}, 10, 5000)).toBe(5000);
    const full = { cost: { requestedQueryCost: 100, throttleStatus: { currentlyAvailable: 1500, restoreRate: 100 } } };
    expect(throttleWaitMs(full, 1)).toBe(100);
  });
});
