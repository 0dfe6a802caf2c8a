import fc from "fast-check";
import { beforeAll, describe as suite, expect, it } from "vitest";
import { inboundSecretFor, MAX_EMAIL_BYTES } from "../../app/channels/email/inbound.server";
import { fixture } from "../email/inbound-helpers";
import { action } from "../../app/routes/inbound.email.$shop.$secret";
import { createInstalledShop, type TestShop } from "../helpers/shopify";
import { answerOf, expectNot5xx, fuzzRuns, hostileString, storedCounts } from "./fuzz-helpers";

// Issue 9: POST /inbound/email/<shop>/<secret> with malformed MIME, arbitrary bytes, oversized headers and wrong
// content types: 2xx/4xx only, and nothing stored when the answer is 4xx (or 202, mail that is ignored).

let shop: TestShop;
beforeAll(async () => {
  shop = await createInstalledShop();
});

const FIXTURES = ["plain.eml", "reply.eml", "attachments.eml", "hostile-html.eml", "auto-reply.eml", "bounce.eml"];
const enc = new TextEncoder();

/** Raw MIME pieces that have tripped mail parsers. */
const MIME_NASTIES = [
  "\r\n\r\n",
  "\n.\n",
  "Content-Type: multipart/mixed; boundary=\"\"\r\n",
  "Content-Type: multipart/mixed\r\n",
  "Content-Type: text/plain; charset=x-unknown-charset\r\n",
  "Content-Type: text/plain; charset=utf-7\r\n",
  "Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
  "Content-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n=\r\n",
  "Subject: =?utf-8?B?////?= =?x-bogus?Q?=FF?=\r\n",
  "From: \"\u0000\" <@>\r\n",
  "From: <>\r\n",
  "From: a@b, c@d, \"Eve\" <eve@evil.test>\r\n",
  "Message-ID: <>\r\n",
  "In-Reply-To: <" + "x".repeat(5_000) + ">\r\n",
  "References: " + "<a@b> ".repeat(2_000) + "\r\n",
  "X-Long: " + "a".repeat(200_000) + "\r\n",
  "Subject: " + "é".repeat(50_000) + "\r\n",
  "--mix-boundary--\r\n--mix-boundary\r\n",
  "Content-Disposition: attachment; filename=\"../../etc/passwd\"\r\n",
  "Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\n",
  "Auto-Submitted: auto-replied\r\n",
  "\u0000\u0000\u0000",
  "\ud800",
];

interface Edit {
  at: number;
  kind: "insert" | "delete" | "replace-line";
  text: string;
  length: number;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("insert" as const, "delete" as const, "replace-line" as const),
  text: fc.oneof(fc.constantFrom(...MIME_NASTIES), hostileString),
  length: fc.nat({ max: 400 }),
});

function applyEdits(raw: string, edits: Edit[]): string {
  let out = raw;
  for (const e of edits) {
    const at = out.length ? e.at % out.length : 0;
    if (e.kind === "insert") out = out.slice(0, at) + e.text + out.slice(at);
    else if (e.kind === "delete") out = out.slice(0, at) + out.slice(at + e.length);
    else {
      const lines = out.split("\n");
      lines[at % lines.length] = e.text;
      out = lines.join("\n");
    }
  }
  return out;
}

type Body = { bytes: Uint8Array; type: string | undefined };

/** Near-valid MIME with hostile edits, arbitrary bytes, or a provider's JSON / form wrapping of either. */
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...FIXTURES), fc.nat(), fc.array(edit, { minLength: 1, maxLength: 5 }), fc.constantFrom("message/rfc822", "text/plain", undefined, "application/octet-stream"))
      .map(([name, n, edits, type]) => ({ bytes: enc.encode(applyEdits(fixture(name, { MESSAGE_ID: `<fuzz-${n}@mail.example.com>` }), edits)), type })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ maxLength: 4_000 }), fc.constantFrom("message/rfc822", undefined, "text/plain; charset=latin1")).map(([bytes, type]) => ({ bytes, type })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileString.map((RawEmail) => ({ RawEmail })), fc.constant({ RawEmail: fixture("plain.eml") })), fc.boolean())
      .map(([value, broken]) => ({ bytes: enc.encode(broken ? `${JSON.stringify(value)}}` : JSON.stringify(value)), type: "application/json" })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("email", "body-mime", "raw", "message", "other"), hostileString, fc.constantFrom("multipart/form-data; boundary=fuzz", "multipart/form-data", "application/x-www-form-urlencoded", "multipart/form-data; boundary="))
      .map(([field, value, type]) => {
        const text = type.startsWith("application/x-www")
          ? `${field}=${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "?"))}`
          : `--fuzz\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n--fuzz--\r\n`;
        return { bytes: enc.encode(text), type };
      }),
  },
);

function post(body: Body, init: { secret?: string; shop?: string; method?: string } = {}): Promise<Response> {
  const domain = init.shop ?? shop.domain;
  const secret = init.secret ?? inboundSecretFor(domain);
  const headers: Record<string, string> = body.type === undefined ? {} : { "content-type": body.type };
  const request = new Request(`https://casefile.test/inbound/email/${encodeURIComponent(domain)}/${encodeURIComponent(secret)}`, {
    method: init.method ?? "POST",
    body: (init.method ?? "POST") === "POST" ? (body.bytes as unknown as BodyInit) : null,
    headers,
  });
  return action({ request, params: { shop: domain, secret }, context: {} } as never);
}

suite("fuzz: inbound email", () => {
  it("answers 2xx/4xx only to malformed mail, storing nothing unless it answers 200", async () => {
    const statuses: Record<number, number> = {};
    const examples: [Body][] = [
      // NUL bytes and lone surrogates in the subject, body and addresses of otherwise valid mail.
      [{ bytes: enc.encode(fixture("plain.eml").replace("Where is my parcel?", "Where\u0000 is my parcel?").replace("Hi there", "Hi\u0000there")), type: "message/rfc822" }],
      [{ bytes: enc.encode(JSON.stringify({ RawEmail: fixture("plain.eml").replace("Hi there", "Hi \ud800 there") })), type: "application/json" }],
    ];
    await fc.assert(
      fc.asyncProperty(bodyArb, async (body) => {
        const before = await storedCounts(shop.shopId, shop.domain);
        const input = { type: body.type, text: new TextDecoder().decode(body.bytes) };
        const response = await answerOf(() => post(body), input);
        await expectNot5xx(response, input);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (response.status !== 200) expect(await storedCounts(shop.shopId, shop.domain), `answered ${response.status} but stored`).toEqual(before);
      }),
      fuzzRuns(1_200, examples),
    );
    // Both sides were reached: mail stored (200) and mail refused (400).
    expect(statuses[200] ?? 0).toBeGreaterThan(50);
    expect(statuses[400] ?? 0).toBeGreaterThan(20);
  });

  it("a hostile shop, secret or method is refused (401/404/405) and stores nothing", async () => {
    const before = await storedCounts(shop.shopId, shop.domain);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          shop: fc.oneof(fc.constant(shop.domain), hostileString.filter((s) => s.length < 500)),
          secret: fc.oneof(hostileString.filter((s) => s.length < 500), fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 32, maxLength: 32 })),
          method: fc.constantFrom("POST", "GET", "PUT", "DELETE"),
        }),
        async ({ shop: domain, secret, method }) => {
          const safe = (s: string) => s.replace(/[\ud800-\udfff]/g, "?");
          const response = await answerOf(() => post({ bytes: enc.encode(fixture("plain.eml")), type: "message/rfc822" }, { shop: safe(domain), secret: safe(secret), method }), { domain, secret, method });
          await expectNot5xx(response, { domain, secret, method }, [401, 404, 405]);
        },
      ),
      fuzzRuns(800),
    );
    expect(await storedCounts(shop.shopId, shop.domain)).toEqual(before);
  });

  it("refuses oversized mail (declared or streamed past the limit) with 413 and stores nothing", async () => {
    const before = await storedCounts(shop.shopId, shop.domain);
    const secret = inboundSecretFor(shop.domain);
    const url = `https://casefile.test/inbound/email/${shop.domain}/${secret}`;
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_EMAIL_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await action({ request: new Request(url, { method: "POST", body: stream, headers: { "content-type": "message/rfc822" }, duplex: "half" } as RequestInit), params: { shop: shop.domain, secret }, context: {} } as never);
    expect(streamed.status).toBe(413);
    const declared = await action({
      request: new Request(url, { method: "POST", body: fixture("plain.eml"), headers: { "content-type": "message/rfc822", "content-length": String(MAX_EMAIL_BYTES + 1) } }),
      params: { shop: shop.domain, secret },
      context: {},
    } as never);
    expect(declared.status).toBe(413);
    expect(await storedCounts(shop.shopId, shop.domain)).toEqual(before);
  });
});
