import { afterEach, describe, expect, it } from "vitest";
import { disconnectDb } from "../../app/db.server";
import { loader } from "../../app/routes/healthz";

describe("GET /healthz", () => {
  const realUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = realUrl;
  });

  it("answers 200 with the database state", async () => {
    const response = await loader();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ok", database: { up: true, migrations: { applied: expect.any(Number) } } });
    expect(body.database.migrations?.applied).toBeGreaterThan(0);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 with a readable reason when the database is down", async () => {
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/casefile";
    const response = await loader();
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.status).toBe("unavailable");
    expect(body.database.up).toBe(false);
    expect(body.database.error).toMatch(/\S/);
  });
});
