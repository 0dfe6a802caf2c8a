// The baseline for `npm run bench:webhooks`: bare node:http doing what our route must do at minimum — read the
// body, check Shopify's HMAC, one INSERT … ON CONFLICT DO NOTHING into the same table — and nothing else.
import crypto from "node:crypto";
import http from "node:http";
import pg from "pg";

const secret = process.env.SHOPIFY_API_SECRET!;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: "-c jit=off" });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks);
    const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    const expected = crypto.createHmac("sha256", secret).update(body).digest();
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      res.writeHead(401).end();
      return;
    }
    try {
      await pool.query(
        `INSERT INTO "WebhookEvent" (id, "shopDomain", topic, "webhookId", "eventId", payload)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`,
        [crypto.randomUUID(), req.headers["x-shopify-shop-domain"], req.headers["x-shopify-topic"], req.headers["x-shopify-webhook-id"], req.headers["x-shopify-event-id"], body.toString()],
      );
      res.writeHead(200).end();
    } catch {
      res.writeHead(503).end();
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
