import fs from "node:fs";
import {
  buildSchema,
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { describe, expect, it } from "vitest";
import { fetchOrderForMirror } from "../../app/orders/admin-order.server";
import { ORDER_FOR_MIRROR_QUERY, RETURN_ORDER_QUERY } from "../../app/shopify/operations/orders";
import { unauthenticated } from "../../app/shopify.server";
import { shopifyAdminMock } from "../helpers/msw";
import { createInstalledShop } from "../helpers/shopify";

const adminMock = shopifyAdminMock();

/**
 * Shopify's requested-cost rules, as documented for the Admin API: scalars and enums cost 0, an object 1,
 * a connection 2 plus `first` times its node; a list with `first` counts `first` items. Interfaces and
 * unions count their most expensive fragment.
 */
function requestedCost(schema: GraphQLSchema, source: string): number {
  const document = parse(source);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  const fieldsOf = (type: GraphQLCompositeType) =>
    "getFields" in type ? (type.getFields() as Record<string, { type: GraphQLOutputType }>) : {};

  function cost(type: GraphQLCompositeType, set: SelectionSetNode): number {
    let total = 0;
    const alternatives: number[] = [];
    for (const selection of set.selections) {
      if (selection.kind !== Kind.FIELD) {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value)!;
        const on = (
          fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type
        ) as GraphQLCompositeType;
        if (isAbstractType(type) && on !== type) alternatives.push(cost(on, fragment.selectionSet));
        else total += cost(on, fragment.selectionSet);
        continue;
      }
      const field = fieldsOf(type)[selection.name.value];
      if (!field || !selection.selectionSet) continue; // scalars and enums are free
      const first = selection.arguments?.find((a) => a.name.value === "first")?.value;
      const count = first?.kind === Kind.INT ? Number(first.value) : 1;
      const named = getNamedType(field.type) as GraphQLCompositeType;
      const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (named.name.endsWith("Connection")) {
        const nodeType = getNamedType(fieldsOf(named).nodes.type) as GraphQLCompositeType;
        let node = 0;
        for (const part of selection.selectionSet.selections) {
          if (part.kind !== Kind.FIELD || !part.selectionSet) continue;
          if (part.name.value === "nodes") node = Math.max(node, cost(nodeType, part.selectionSet));
          if (part.name.value === "edges") {
            const inner = part.selectionSet.selections.find((n) => n.kind === Kind.FIELD && n.name.value === "node");
            if (inner?.kind === Kind.FIELD && inner.selectionSet)
              node = Math.max(node, cost(nodeType, inner.selectionSet));
          }
        }
        total += 2 + count * (1 + node);
      } else if (isListType(unwrapped)) {
        total += count * (1 + cost(named, selection.selectionSet));
      } else {
        total += 1 + cost(named, selection.selectionSet);
      }
    }
    return total + (alternatives.length > 0 ? Math.max(...alternatives) : 0);
  }

  return cost(schema.getQueryType()!, operation.selectionSet);
}

let schema: GraphQLSchema | undefined;
const adminSchema = () =>
  (schema ??= buildSchema(fs.readFileSync("app/shopify/schema/admin-2026-07.graphql", "utf8"), {
    assumeValidSDL: true,
  }));

describe("OrderForMirror", () => {
  it("stays under Shopify's 1,000-point single-query limit", () => {
    // Estimated 626 points: a quarter of Shopify's limit left for its own way of counting, and one fetch
    // still fits a shop's bucket (1,000+ points) twice over.
    const cost = requestedCost(adminSchema(), ORDER_FOR_MIRROR_QUERY);
    expect(cost).toBeGreaterThan(400);
    expect(cost).toBeLessThan(750);
    expect(requestedCost(adminSchema(), RETURN_ORDER_QUERY)).toBe(2);
  });

  it("maps the Admin API's answer to everything the mirror keeps", async () => {
    const shop = await createInstalledShop();
    const { admin } = await unauthenticated.admin(shop.domain);

    const order = await fetchOrderForMirror(admin, 5940139491234n);

    expect(adminMock.callsTo("OrderForMirror")[0].variables).toEqual({ id: "gid://shopify/Order/5940139491234" });
    expect(order).toMatchObject({
      shopifyId: 5940139491234n,
      name: "#1001",
      orderNumber: 1001,
      financialStatus: "PAID",
      fulfillmentStatus: "FULFILLED",
      totalPrice: "168.63",
      totalRefunded: "17.64",
      shippingMethod: "Standard Shipping",
      shippingAddress: expect.objectContaining({ city: "Brooklyn", country_code: "US", province_code: "NY" }),
      customer: expect.objectContaining({
        shopifyId: 7029431102139n,
        email: "sofia.reyes@example.com",
        ordersCount: 4,
        totalSpent: "612.40",
      }),
    });
    expect(order!.lineItems.map((l) => [l.title, l.productType, l.productTags, l.price, l.totalDiscount])).toEqual([
      ["Trailhead Rain Jacket", "Outerwear", ["outerwear", "rain"], "129.00", "12.90"],
      ["Merino Hiking Socks", "Socks", ["final-sale", "merino"], "18.00", "3.60"],
    ]);
    const [fulfillment] = order!.fulfillments;
    expect(fulfillment).toMatchObject({
      shopifyId: 5623847192011n,
      status: "SUCCESS",
      shipmentStatus: "DELIVERED",
      trackingCompany: "UPS",
      trackingNumbers: ["1Z999AA10123456784"],
      deliveredAt: new Date("2026-11-13T19:02:17Z"),
    });
    expect(fulfillment.lines).toEqual([
      { lineItemShopifyId: 14826352984194n, quantity: 1, shopifyId: 10736341352597n },
      { lineItemShopifyId: 14826352984195n, quantity: 2, shopifyId: 10736341352598n },
    ]);
    expect(fulfillment.events.map((e) => e.status)).toEqual(["OUT_FOR_DELIVERY", "DELIVERED"]);
    expect(order!.refunds).toEqual([
      expect.objectContaining({
        shopifyId: 1023456789012n,
        amount: "17.64",
        currencyCode: "USD",
        lines: [
          expect.objectContaining({ lineItemShopifyId: 14826352984195n, quantity: 1, restockType: "no_restock" }),
        ],
      }),
    ]);
    expect(order!.returns).toEqual([
      expect.objectContaining({
        shopifyId: 3547267221n,
        status: "OPEN",
        event: "approved",
        reverseCarrier: "USPS",
        reverseTrackingNumber: "9402111899223197428490",
        lines: [
          {
            shopifyId: 6200524949n,
            lineItemShopifyId: 14826352984194n,
            quantity: 1,
            reason: "SIZE_TOO_LARGE",
            customerNote: "Could I get a size S instead?",
          },
        ],
      }),
    ]);
  });

  it("is null for an order Shopify does not have, and refuses an answer it cannot mirror", async () => {
    const shop = await createInstalledShop();
    const { admin } = await unauthenticated.admin(shop.domain);
    expect(await fetchOrderForMirror(admin, 1n)).toBeNull();

    adminMock.use("OrderForMirror", () => ({ order: { id: "gid://shopify/Order/1", name: "#1" } }));
    await expect(fetchOrderForMirror(admin, 1n)).rejects.toThrow(
      /OrderForMirror answer for order 1 cannot be mirrored: order\.number/,
    );
  });
});
