import { describe, expect, it } from "vitest";
import { mayHaveActed, newIdempotencyKey } from "../../app/components/idempotency-key";

describe("idempotency keys of staff actions", () => {
  it("are new each time", () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
  });

  it("are kept only while an action may have happened", () => {
    expect(mayHaveActed({ ok: true, message: "Sent" })).toBe(false);
    expect(mayHaveActed({ error: { code: "bad_request", message: "No email on the order" } })).toBe(false);
    expect(mayHaveActed({ error: { code: "upstream", message: "Shopify said no", details: { outcome: "refused" } } })).toBe(false);
    expect(mayHaveActed({ error: { code: "upstream", message: "Shopify did not answer", details: { outcome: "unknown" } } })).toBe(true);
    expect(mayHaveActed({ error: { code: "conflict", message: "Still sending" } })).toBe(true);
  });
});
