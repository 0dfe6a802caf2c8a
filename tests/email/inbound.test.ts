import { describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { inboundAddressFor, inboundSecretFor, MAX_ATTACHMENT_BYTES } from "../../app/channels/email/inbound.server";
import { updateShopSettings } from "../../app/shops/settings.server";
import { renderMessageHtml } from "../../app/cases/sanitize.server";
import { createInstalledShop, uniqueShopDomain } from "../helpers/shopify";
import { fixture, inboundRequest, loader, action, postEmail, uniqueMessageId } from "./inbound-helpers";

// POST /inbound/email/<shop>/<secret>: authentication, limits, unreadable input, automatic mail and duplicates.

const countCases = (shopId: string) => db.case.count({ where: { shopId } });

describe("inbound email address", () => {
  it("is the app URL, the shop and a 32-hex per-shop secret derived from the app secret", () => {
    const a = inboundAddressFor("alpha.myshopify.com", "https://support.example.com/");
    expect(a).toBe(`https://support.example.com/inbound/email/alpha.myshopify.com/${inboundSecretFor("alpha.myshopify.com")}`);
    expect(inboundSecretFor("alpha.myshopify.com")).toMatch(/^[0-9a-f]{32}$/);
    expect(inboundSecretFor("alpha.myshopify.com")).not.toBe(inboundSecretFor("beta.myshopify.com"));
  });
});

describe("POST /inbound/email/<shop>/<secret>: refusals", () => {
  it("refuses a wrong secret (401), another shop's secret (401) and an unknown shop (404), storing nothing", async () => {
    const shop = await createInstalledShop();
    const other = await createInstalledShop();
    const raw = fixture("plain.eml");

    const wrong = await postEmail(shop.domain, raw, { secret: "0".repeat(32) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toMatch(/inbound address is not valid/);

    const crossed = await postEmail(shop.domain, raw, { secret: inboundSecretFor(other.domain) });
    expect(crossed.status).toBe(401);

    const garbage = await postEmail(shop.domain, raw, { secret: "not-a-secret" });
    expect(garbage.status).toBe(401);

    const unknown = uniqueShopDomain("nobody");
    const missing = await postEmail(unknown, raw);
    expect(missing.status).toBe(404);
    expect(missing.body.error?.message).toMatch(/No installed shop/);

    expect(await countCases(shop.shopId)).toBe(0);
    expect(await countCases(other.shopId)).toBe(0);
  });

  it("refuses an uninstalled shop (404) and a shop that turned email off (403)", async () => {
    const shop = await createInstalledShop();
    await updateShopSettings(shop.shopId, { channels: { email: false } });
    const off = await postEmail(shop.domain, fixture("plain.eml"));
    expect(off.status).toBe(403);
    expect(off.body.error?.message).toMatch(/turned off the email channel/);

    const gone = await createInstalledShop();
    await db.shop.update({ where: { id: gone.shopId }, data: { state: "UNINSTALLED" } });
    expect((await postEmail(gone.domain, fixture("plain.eml"))).status).toBe(404);
    expect(await countCases(shop.shopId)).toBe(0);
  });

  it("answers GET with 405 and Allow: POST", async () => {
    const shop = await createInstalledShop();
    const response = await loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    const viaAction = await action(inboundRequest(shop.domain, null, { method: "PUT" }));
    expect(viaAction.status).toBe(405);
  });

  it("refuses a body over 25 MB with 413, by declared length and while streaming", async () => {
    const shop = await createInstalledShop();
    const declared = await postEmail(shop.domain, "x", { headers: { "content-length": String(26 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(declared.body.error?.message).toMatch(/larger than 25 MB/);

    const chunk = new Uint8Array(1024 * 1024).fill(65);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 30) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await postEmail(shop.domain, stream, { contentType: "application/octet-stream" });
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(30); // stopped reading once over the limit
    expect(await countCases(shop.shopId)).toBe(0);
  });

  it("answers 400 with a message for an empty body, text that is not MIME, and an email without a From address", async () => {
    const shop = await createInstalledShop();
    const empty = await postEmail(shop.domain, "");
    expect(empty.status).toBe(400);
    expect(empty.body.error?.message).toMatch(/body is empty/);

    const prose = await postEmail(shop.domain, "hello, this is not an email at all", { contentType: "text/plain" });
    expect(prose.status).toBe(400);
    expect(prose.body.error?.message).toMatch(/not an RFC 822 email/);

    const binary = await postEmail(shop.domain, new Uint8Array([0, 1, 2, 255, 254, 0, 13, 10, 13, 10]), { contentType: "application/octet-stream" });
    expect(binary.status).toBe(400);

    const noFrom = await postEmail(shop.domain, "From: undisclosed\r\nTo: support@shop.example.com\r\nSubject: hi\r\n\r\nbody");
    expect(noFrom.status).toBe(400);
    expect(noFrom.body.error?.message).toMatch(/no From address/);

    // NUL characters (which PostgreSQL text can't hold) are dropped, not a database error.
    const nul = await postEmail(shop.domain, fixture("reply.eml", { FROM: "nul@example.com" }).replace("It arrived today", "It\u0000 arrived today").replace("Subject: Re:", "Subject: \u0000Re:"));
    expect(nul.status).toBe(200);
    await db.case.deleteMany({ where: { shopId: shop.shopId } });
    expect(await countCases(shop.shopId)).toBe(0);
  });
});

describe("POST /inbound/email: automatic mail and duplicates", () => {
  it("acknowledges auto-replies and bounces with 202 and never opens or touches a case", async () => {
    const shop = await createInstalledShop();
    const open = await postEmail(shop.domain, fixture("plain.eml"));
    expect(open.status).toBe(200);
    const before = await db.case.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { messages: true } });

    const auto = await postEmail(shop.domain, fixture("auto-reply.eml"));
    expect(auto).toEqual({ status: 202, body: { ignored: "auto_submitted:auto-replied" } });

    const bounce = await postEmail(shop.domain, fixture("bounce.eml"));
    expect(bounce.status).toBe(202);
    expect(bounce.body.ignored).toBe("report:delivery-status");

    const variants: [string[], string][] = [
      [["Precedence: bulk"], "precedence:bulk"],
      [["X-Autorespond: yes"], "autoreply_header"],
      [["Auto-Submitted: auto-generated"], "auto_submitted:auto-generated"],
    ];
    for (const [headers, reason] of variants) {
      const r = await postEmail(shop.domain, fixture("reply.eml", { EXTRA_HEADERS: headers }));
      expect(r).toEqual({ status: 202, body: { ignored: reason } });
    }
    const daemon = await postEmail(shop.domain, fixture("reply.eml", { FROM: "postmaster@mx.example.net" }));
    expect(daemon.body.ignored).toBe("bounce_sender");
    const nullPath = await postEmail(shop.domain, fixture("reply.eml", { EXTRA_HEADERS: ["Return-Path: <>"] }));
    expect(nullPath.body.ignored).toBe("null_return_path");

    // "Auto-Submitted: no" is a person's email.
    const person = await postEmail(shop.domain, fixture("reply.eml", { EXTRA_HEADERS: ["Auto-Submitted: no"] }));
    expect(person.status).toBe(200);

    expect(await countCases(shop.shopId)).toBe(1);
    const after = await db.case.findFirstOrThrow({ where: { shopId: shop.shopId }, include: { messages: true } });
    expect(after.messages).toHaveLength(before.messages.length + 1);
  });

  it("stores a re-delivered email once and answers with the same case", async () => {
    const shop = await createInstalledShop();
    const messageId = uniqueMessageId();
    const first = await postEmail(shop.domain, fixture("plain.eml", { MESSAGE_ID: messageId }));
    const again = await postEmail(shop.domain, fixture("plain.eml", { MESSAGE_ID: messageId }));
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, caseId: first.body.caseId, messageId: first.body.messageId });
    expect(await db.message.count({ where: { shopId: shop.shopId } })).toBe(1);

    // Delivered twice at the same moment: still one message, one case, no error.
    const racing = uniqueMessageId();
    const [a, b] = await Promise.all([
      postEmail(shop.domain, fixture("reply.eml", { MESSAGE_ID: racing, FROM: "racer@example.com" })),
      postEmail(shop.domain, fixture("reply.eml", { MESSAGE_ID: racing, FROM: "racer@example.com" })),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.caseId).toBe(b.body.caseId);
    expect(await db.message.count({ where: { shopId: shop.shopId, externalMessageId: racing } })).toBe(1);
    expect(await countCases(shop.shopId)).toBe(2);

    // The same Message-ID at another shop is that shop's own email.
    const other = await createInstalledShop();
    const elsewhere = await postEmail(other.domain, fixture("plain.eml", { MESSAGE_ID: messageId }));
    expect(elsewhere.body.duplicate).toBeUndefined();
    expect(await countCases(other.shopId)).toBe(1);
  });

  it("is limited per attachment: over-limit files are listed by name with a note, their content not stored", async () => {
    const shop = await createInstalledShop();
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1024, 7).toString("base64").replace(/.{76}/g, "$&\r\n");
    const part = ["--mix-boundary", 'Content-Type: application/zip; name="photos.zip"', 'Content-Disposition: attachment; filename="photos.zip"', "Content-Transfer-Encoding: base64", "", big, ""].join("\r\n") + "\r\n";
    const r = await postEmail(shop.domain, fixture("attachments.eml", { MORE_PARTS: part }));
    expect(r.status).toBe(200);
    const files = await db.messageAttachment.findMany({ where: { shopId: shop.shopId }, orderBy: { filename: "asc" } });
    expect(files.map((f) => [f.filename, f.content === null])).toEqual([
      ["photos.zip", true],
      ["receipt.txt", false],
    ]);
    expect(Buffer.from(files[1].content!).toString()).toBe("Receipt #1001: 49.00 USD");
    expect(files[0].size).toBe(MAX_ATTACHMENT_BYTES + 1024);
    const message = await db.message.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(message.bodyText).toContain("See the attached receipt.");
    expect(message.bodyText).toMatch(/Attachment "photos\.zip" \(10\.0 MB\) was not stored: larger than 10 MB\./);
  });

  it("stores at most 10 attachments' content and lists the rest", async () => {
    const shop = await createInstalledShop();
    const parts = Array.from({ length: 11 }, (_, i) =>
      ["--mix-boundary", `Content-Type: text/plain; name="note-${String(i + 1).padStart(2, "0")}.txt"`, `Content-Disposition: attachment; filename="note-${String(i + 1).padStart(2, "0")}.txt"`, "", `note ${i + 1}`, ""].join("\r\n") + "\r\n",
    ).join("");
    expect((await postEmail(shop.domain, fixture("attachments.eml", { MORE_PARTS: parts }))).status).toBe(200);
    const files = await db.messageAttachment.findMany({ where: { shopId: shop.shopId } });
    expect(files).toHaveLength(12);
    expect(files.filter((f) => f.content === null).map((f) => f.filename).sort()).toEqual(["note-10.txt", "note-11.txt"]);
  });
});

describe("POST /inbound/email: provider envelopes", () => {
  it("takes the raw MIME from Postmark's JSON RawEmail, SendGrid's form 'email' and Mailgun's 'body-mime'", async () => {
    const shop = await createInstalledShop();
    const postmark = await postEmail(shop.domain, JSON.stringify({ From: "x", RawEmail: fixture("plain.eml", { FROM: "pm@example.com" }) }), { contentType: "application/json" });
    expect(postmark.status).toBe(200);

    const sendgrid = new FormData();
    sendgrid.set("email", fixture("plain.eml", { FROM: "sg@example.com" }));
    sendgrid.set("to", "support@shop.example.com");
    const sg = await action(inboundRequest(shop.domain, sendgrid, { contentType: undefined }));
    expect(sg.status).toBe(200);

    const mailgun = new URLSearchParams({ "body-mime": fixture("plain.eml", { FROM: "mg@example.com" }) });
    const mg = await postEmail(shop.domain, mailgun.toString(), { contentType: "application/x-www-form-urlencoded" });
    expect(mg.status).toBe(200);

    const emails = (await db.case.findMany({ where: { shopId: shop.shopId }, select: { customerEmail: true } })).map((c) => c.customerEmail).sort();
    expect(emails).toEqual(["mg@example.com", "pm@example.com", "sg@example.com"]);
  });

  it("explains what a JSON or form body must carry (400)", async () => {
    const shop = await createInstalledShop();
    const json = await postEmail(shop.domain, JSON.stringify({ From: "x", TextBody: "hi" }), { contentType: "application/json" });
    expect(json.status).toBe(400);
    expect(json.body.error?.message).toMatch(/Include raw email content/);
    const broken = await postEmail(shop.domain, "{not json", { contentType: "application/json" });
    expect(broken.status).toBe(400);
    const form = await postEmail(shop.domain, "text=hello", { contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(400);
    expect(form.body.error?.message).toMatch(/"email" field/);
    expect(await countCases(shop.shopId)).toBe(0);
  });
});

describe("POST /inbound/email: images in the HTML", () => {
  // A 1×1 PNG, as a mail client attaches a pasted picture (multipart/related, referenced by cid:).
  const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  const related = (html: string) =>
    [
      "From: Jane Shopper <jane@example.com>",
      "To: support@shop.example.com",
      "Subject: Photo of the damage",
      `Message-ID: ${uniqueMessageId()}`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/related; boundary="rel"',
      "",
      "--rel",
      "Content-Type: text/html; charset=utf-8",
      "",
      html,
      "",
      "--rel",
      'Content-Type: image/png; name="damage.png"',
      "Content-Transfer-Encoding: base64",
      "Content-ID: <Damage.Photo@mail.example.com>",
      'Content-Disposition: inline; filename="damage.png"',
      "",
      PNG_BASE64,
      "",
      "--rel--",
      "",
    ].join("\r\n");

  it("embeds the email's own cid: images, keeps remote ones for later, and the page blocks only the remote ones", async () => {
    const shop = await createInstalledShop();
    const html =
      '<p>The box arrived crushed.</p><img src="cid:damage.photo@mail.example.com" alt="crushed box" width="300">' +
      '<img src="cid:missing@mail.example.com" alt="gone"><img src="https://tracker.example/open.gif" width="1" height="1" alt="">';
    const r = await postEmail(shop.domain, related(html));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const message = await db.message.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(message.bodyHtml).toContain(`<img src="data:image/png;base64,${PNG_BASE64}" alt="crushed box" width="300" />`);
    expect(message.bodyHtml).not.toContain("cid:");
    expect(message.bodyHtml).toContain('src="https://tracker.example/open.gif"');
    const files = await db.messageAttachment.findMany({ where: { shopId: shop.shopId } });
    expect(files.map((f) => f.filename)).toEqual(["damage.png"]);

    const page = renderMessageHtml(message.bodyHtml);
    expect(page.html).toContain(`<img src="data:image/png;base64,${PNG_BASE64}" alt="crushed box" width="300" />`);
    expect(page.html).not.toContain("tracker.example");
    expect(page.remoteImages).toBe(1);
  });
});
