import { afterEach, describe, expect, it } from "vitest";
import { clientIpOf } from "../../app/storefront/rate-limit.server";

const withForwardedFor = (value: string) => new Request("https://app.example.com/proxy/orders/lookup", { headers: { "x-forwarded-for": value } });

describe("the shopper's IP behind Shopify's app proxy", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });

  it("is the entry Shopify appended, counted from the right: entries the shopper writes cannot pick their bucket", () => {
    // shopper-written…, the shopper's address as Shopify saw it, Shopify's address as our load balancer saw it.
    expect(clientIpOf(withForwardedFor("198.51.100.20, 23.227.38.1"))).toBe("198.51.100.20");
    expect(clientIpOf(withForwardedFor("1.2.3.4, 5.6.7.8, 198.51.100.20, 23.227.38.1"))).toBe("198.51.100.20");
    expect(clientIpOf(withForwardedFor("not-an-ip, 23.227.38.1"))).toBeNull();
  });

  it("follows TRUSTED_PROXY_HOPS (0 when the app is reached directly)", () => {
    process.env.TRUSTED_PROXY_HOPS = "0";
    expect(clientIpOf(withForwardedFor("1.2.3.4, 198.51.100.20"))).toBe("198.51.100.20");
    process.env.TRUSTED_PROXY_HOPS = "2";
    expect(clientIpOf(withForwardedFor("198.51.100.20, 23.227.38.1, 10.0.0.2"))).toBe("198.51.100.20");
  });
});

describe("shopper input and links", () => {
  it("refuses order ids beyond PostgreSQL's bigint with a clear message (not a database error)", async () => {
    const { OrderRef } = await import("../../app/storefront/orders.server");
    const { OrderIdParam } = await import("../../app/customer-account/session.server");
    expect(OrderRef.safeParse("gid://shopify/Order/99999999999999999999").success).toBe(false);
    expect(OrderRef.safeParse("gid://shopify/Order/9223372036854775808").success).toBe(false);
    expect(OrderRef.safeParse("gid://shopify/Order/9223372036854775807").success).toBe(true);
    expect(OrderRef.safeParse("#1001").success).toBe(true);
    expect(OrderIdParam.safeParse("9999999999999999999").success).toBe(false);
  });

  it("passes only web links to shoppers", async () => {
    const { webUrl } = await import("../../app/storefront/orders.server");
    expect(webUrl("https://ups.example/track?n=1")).toBe("https://ups.example/track?n=1");
    expect(webUrl("javascript:alert(1)")).toBeNull();
    expect(webUrl("data:text/html,<script>alert(1)</script>")).toBeNull();
    expect(webUrl("not a url")).toBeNull();
  });
});
