import { describe, expect, it } from "vitest";
import { fulfillmentInputFromPayload, orderInputFromPayload, refundInputFromPayload } from "../../app/orders/webhook-payloads";
import { checkInbox, compareMirror, expectedMirror, payloadOf, planDeliveries, type MirrorState } from "../../scripts/faults/webhook-plan";

// The pure half of `npm run test:faults`: the plan it sends and the checks that judge the outcome.
describe("the fault suite's delivery plan", () => {
  const plan = planDeliveries({ total: 10_000, orders: 300, wave: 30 });

  it("is 10,000 distinct deliveries, each order's own in Shopify's order", () => {
    expect(plan).toHaveLength(10_000);
    expect(new Set(plan.map((d) => d.webhookId)).size).toBe(10_000);
    expect(new Set(plan.map((d) => d.eventId)).size).toBe(10_000);
    const topics = Object.fromEntries(["orders/create", "orders/updated", "fulfillments/create", "fulfillments/update", "refunds/create"].map((t) => [t, plan.filter((d) => d.topic === t).length]));
    expect(topics).toEqual({ "orders/create": 300, "orders/updated": 8_200, "fulfillments/create": 600, "fulfillments/update": 300, "refunds/create": 600 });
    const seen = new Map<number, string>();
    for (const d of plan) {
      const last = seen.get(d.order);
      if (last === undefined) expect(d.topic).toBe("orders/create");
      else expect(d.updatedAt > last).toBe(true);
      seen.set(d.order, d.updatedAt);
    }
  });

  it("builds payloads the app's own parsers read back as the planned records and versions", () => {
    for (const topic of ["orders/updated", "fulfillments/update", "refunds/create"] as const) {
      const d = plan.find((p) => p.topic === topic && p.order === 123)!;
      const payload = payloadOf(d);
      if (topic === "orders/updated") {
        const input = orderInputFromPayload(payload, topic, null, "USD");
        expect([String(input.shopifyId), input.updatedAt.toISOString(), input.note]).toEqual([d.orderId, d.updatedAt, `faults v${d.version}`]);
      } else if (topic === "fulfillments/update") {
        const input = fulfillmentInputFromPayload(payload, topic, null);
        expect([String(input.shopifyId), String(input.orderShopifyId), input.updatedAt.toISOString(), input.lines.length]).toEqual([d.objectId, d.orderId, d.updatedAt, 1]);
      } else {
        const input = refundInputFromPayload(payload, topic, null);
        expect([String(input.shopifyId), String(input.orderShopifyId)]).toEqual([d.objectId, d.orderId]);
      }
    }
    expect(JSON.stringify(payloadOf(plan[5]))).toBe(JSON.stringify(payloadOf(plan[5])));
  });
});

describe("the fault suite's checks", () => {
  const plan = planDeliveries({ total: 60, orders: 2, wave: 2 });
  const ofOrder = (k: number) => plan.filter((d) => d.order === k);

  it("expect the newest stored version of each order, whatever the order of arrival, and nothing an order lacks", () => {
    const expected = expectedMirror([...ofOrder(0)].reverse());
    const newest = ofOrder(0).filter((d) => d.topic.startsWith("orders/")).at(-1)!;
    expect(expected.orders.get(newest.orderId)).toEqual({ updatedAt: Date.parse(newest.updatedAt), note: `faults v${newest.version}`, lineItems: 2 });
    expect(expected.fulfillments.size).toBe(2);
    expect(expected.refunds.size).toBe(2);
    // Order 1's refund alone: its order is not mirrored (that would need the Admin API), so nothing is expected.
    const lone = expectedMirror(ofOrder(1).filter((d) => d.topic === "refunds/create"));
    expect([lone.orders.size, lone.refunds.size]).toEqual([0, 0]);
  });

  it("name each way the mirror can be wrong: missing, older version, applied twice, never acknowledged", () => {
    const expected = expectedMirror(plan);
    const actual: MirrorState = structuredClone(expected);
    const [firstOrder, secondOrder] = [...expected.orders.keys()];
    actual.orders.delete(firstOrder);
    actual.orders.get(secondOrder)!.updatedAt -= 60_000;
    const [refundId] = [...expected.refunds.keys()];
    actual.refunds.get(refundId)!.lines = 2;
    actual.refunds.set("999", { orderId: secondOrder, lines: 1 });
    expect(compareMirror(expected, expected)).toEqual([]);
    const problems = compareMirror(expected, actual);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(`order ${firstOrder}: acknowledged, not in the mirror`);
    expect(problems[1]).toMatch(new RegExp(`^order ${secondOrder}: stored version .* newest acknowledged is`));
    expect(problems[2]).toBe(`refund ${refundId}: 2 lines, expected 1 (applied twice?)`);
    expect(problems[3]).toBe("refund 999: in the mirror, but not acknowledged");
  });

  it("report an acknowledged delivery that is lost, failed or stuck, and one stored though it was refused", () => {
    const [create, update, stuck, refused] = [plan[0], plan[1], plan[2], plan[3]];
    const acknowledged = new Set([create.webhookId, update.webhookId, stuck.webhookId]);
    const rows = new Map([
      [update.webhookId, { state: "FAILED", lastError: "boom" }],
      [stuck.webhookId, { state: "PROCESSING", lastError: null }],
      [refused.webhookId, { state: "PROCESSED", lastError: null }],
    ]);
    const { problems, storedUnacknowledged } = checkInbox(plan, acknowledged, rows);
    expect(problems).toEqual([
      `${create.topic} ${create.webhookId}: answered 2xx but not in the inbox (lost)`,
      `${update.topic} ${update.webhookId}: FAILED: boom`,
      `${stuck.topic} ${stuck.webhookId}: stuck in PROCESSING`,
    ]);
    expect(storedUnacknowledged).toEqual([refused.webhookId]);
    expect(checkInbox(plan, acknowledged, new Map([...rows, ["not-planned", { state: "PROCESSED", lastError: null }]])).problems).toContain(
      "inbox row for webhook id not-planned, which the suite never sent",
    );
  });
});
