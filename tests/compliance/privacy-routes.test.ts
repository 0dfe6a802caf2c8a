import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { listComplianceRequests } from "../../app/compliance/requests.server";
import { loader } from "../../app/routes/app.privacy";
import { loader as downloadLoader } from "../../app/routes/app.privacy.$id.download";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

const EXPORT = {
  format: "casefile.customer-data-export/1",
  customers: [{ email: "ann@example.com", firstName: "Ann" }],
  summary: { customers: 1 },
};

async function seedRequests(shop: TestShop) {
  const dataRequest = await db.complianceRequest.create({
    data: {
      shopId: shop.shopId,
      kind: "CUSTOMER_DATA_REQUEST",
      shopifyCustomerId: 191167n,
      customerEmail: "ann@example.com",
      ordersRequested: [1n, 2n],
      export: EXPORT,
      requestedAt: new Date("2026-11-01T09:00:00Z"),
      completedAt: new Date("2026-11-01T09:00:05Z"),
    },
  });
  const redact = await db.complianceRequest.create({
    data: {
      shopId: shop.shopId,
      kind: "CUSTOMER_REDACT",
      shopifyCustomerId: 191168n,
      requestedAt: new Date("2026-11-02T09:00:00Z"),
      completedAt: new Date("2026-11-02T09:00:01Z"),
    },
  });
  const erased = await db.complianceRequest.create({
    data: {
      shopId: shop.shopId,
      kind: "CUSTOMER_DATA_REQUEST",
      shopifyCustomerId: 191168n,
      requestedAt: new Date("2026-10-01T09:00:00Z"),
      completedAt: new Date("2026-10-01T09:00:01Z"),
    },
  });
  return { dataRequest, redact, erased };
}

describe("GET /app/privacy", () => {
  it("lists the shop's own privacy requests, newest first, with which exports can be downloaded", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const { dataRequest, redact, erased } = await seedRequests(shop);
    await seedRequests(other);

    const response = await loader(args(await embeddedRequest("/app/privacy", shop)));
    const body = await response.json();

    expect(body.requests.map((r: { id: string }) => r.id)).toEqual([redact.id, dataRequest.id, erased.id]);
    expect(body.requests[1]).toEqual({
      id: dataRequest.id,
      kind: "CUSTOMER_DATA_REQUEST",
      shopifyCustomerId: "191167",
      customerEmail: "ann@example.com",
      ordersRequested: 2,
      requestedAt: "2026-11-01T09:00:00.000Z",
      completedAt: "2026-11-01T09:00:05.000Z",
      downloadable: true,
    });
    expect(body.requests[0]).toMatchObject({
      kind: "CUSTOMER_REDACT",
      customerEmail: null,
      shopifyCustomerId: "191168",
      downloadable: false,
    });
    expect(body.requests[2]).toMatchObject({ kind: "CUSTOMER_DATA_REQUEST", downloadable: false });
    expect(body).toMatchObject({ nextCursor: null, firstPage: true, timeZone: "UTC" });
    expect(JSON.stringify(body)).not.toContain('"export"');
  });

  it("pages with a keyset cursor and refuses a forged one with 400", async () => {
    const shop = await createInstalledShop();
    const { dataRequest, redact, erased } = await seedRequests(shop);
    // Same requestedAt as another row: the id breaks the tie, nothing is skipped or repeated.
    const twin = await db.complianceRequest.create({
      data: { shopId: shop.shopId, kind: "CUSTOMER_REDACT", requestedAt: dataRequest.requestedAt },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listComplianceRequests>> = await listComplianceRequests(shop.shopId, {
        cursor,
        limit: 1,
      });
      seen.push(...page.requests.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    const [first, second] = [dataRequest.id, twin.id].sort().reverse();
    expect(seen).toEqual([redact.id, first, second, erased.id]);

    const bad = loader(args(await embeddedRequest("/app/privacy?cursor=not-a-cursor", shop)));
    await expect(bad).rejects.toSatisfy((r: unknown) => r instanceof Response && r.status === 400);
  });
});

describe("GET /app/privacy/:id/download", () => {
  it("returns the export as a JSON attachment that no cache keeps", async () => {
    const shop = await createInstalledShop();
    const { dataRequest } = await seedRequests(shop);

    const response = await downloadLoader(
      args(await embeddedRequest(`/app/privacy/${dataRequest.id}/download`, shop), { id: dataRequest.id })
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="customer-data-request-2026-11-01-customer-191167.json"'
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual(EXPORT);
  });

  it("answers 404 for another shop's request, an erasure record or an erased export, and 400 for a malformed id", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const mine = await seedRequests(shop);
    const theirs = await seedRequests(other);

    for (const id of [theirs.dataRequest.id, mine.redact.id, mine.erased.id, "0190a6f0-0000-7000-8000-000000000000"]) {
      const response = await downloadLoader(args(await embeddedRequest(`/app/privacy/${id}/download`, shop), { id }));
      expect(response.status).toBe(404);
      expect((await response.json()).error).toEqual({
        code: "not_found",
        message: "There is no customer data export with this id in your shop.",
      });
    }
    const malformed = await downloadLoader(
      args(await embeddedRequest("/app/privacy/abc/download", shop), { id: "abc" })
    );
    expect(malformed.status).toBe(400);
  });

  it("refuses a request without a session token", async () => {
    const request = new Request("https://casefile.test/app/privacy/x/download", {
      headers: { authorization: "Bearer not-a-jwt" },
    });
    await expect(downloadLoader(args(request, { id: "x" }))).rejects.toSatisfy(
      (r: unknown) => r instanceof Response && r.status === 401
    );
  });
});
