import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { setDemoCaptureServer, startCaptureServer, type CaptureServer } from "../../app/channels/email/capture-server.server";
import { decryptSecret, loadSmtpConfig } from "../../app/channels/email/smtp-settings.server";
import * as emailPage from "../../app/routes/app.settings.email";
import * as overview from "../../app/routes/app.settings._index";
import * as sentMail from "../../app/routes/app.sent-mail";
import { renderInRoute, renderRoute } from "../helpers/render";
import { createInstalledShop, embeddedRequest, type TestShop } from "../helpers/shopify";

const PATH = "/app/settings/email";
const args = (request: Request) => ({ request, params: {}, context: {} });

let smtp: CaptureServer;
beforeAll(async () => {
  smtp = await startCaptureServer();
});
afterAll(async () => {
  await smtp.stop();
});
beforeEach(() => {
  smtp.setBehaviour({});
  smtp.messages.length = 0;
});

async function post(shop: TestShop, body: Record<string, unknown>) {
  const request = await embeddedRequest(PATH, shop, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return emailPage.action(args(request));
}

const valid = () => ({
  intent: "save",
  host: "127.0.0.1",
  port: String(smtp.port),
  security: "none",
  user: "",
  password: "",
  fromAddress: "help@shop.example",
  fromName: "Shop Help",
  replyDomain: "",
});

describe("email settings", () => {
  it("refuses invalid input with a message per field, and stores nothing", async () => {
    const shop = await createInstalledShop();
    const response = await post(shop, { intent: "save", host: "https://smtp.example.com:587", port: "70000", security: "ssl", fromAddress: "not an address" });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.message).toMatch(/^The email settings were not saved\. /);
    expect(body.error.details.fieldErrors).toEqual({
      host: "Server: use a host name such as smtp.example.com, without http:// or a port",
      port: "Port: use a port between 1 and 65535 (usually 587, or 465 for TLS)",
      security: "Security: choose STARTTLS, TLS or none",
      fromAddress: "From address: enter an email address such as support@example.com",
    });
    expect(await loadSmtpConfig(shop.shopId)).toBeNull();
  });

  it("encrypts the password, never sends it to the page, and keeps it when left blank", async () => {
    const shop = await createInstalledShop();
    const saved = await post(shop, { ...valid(), host: "SMTP.Example.com", port: "587", security: "starttls", user: "apikey", password: "s3cret-pass" });
    expect(saved.status).toBe(200);
    const stored = JSON.stringify((await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).settings);
    expect(stored).not.toContain("s3cret-pass");
    const raw = (await db.shop.findUniqueOrThrow({ where: { id: shop.shopId } })).settings as { smtp: { passwordEncrypted: string } };
    expect(decryptSecret(raw.smtp.passwordEncrypted)).toBe("s3cret-pass");

    const loaded = await emailPage.loader(args(await embeddedRequest(PATH, shop)));
    const text = await loaded.clone().text();
    expect(text).not.toContain("s3cret-pass");
    expect(text).not.toContain(raw.smtp.passwordEncrypted);
    expect((await loaded.clone().json()).smtp).toMatchObject({ host: "smtp.example.com", port: 587, user: "apikey", hasPassword: true });
    const html = await renderRoute(PATH, emailPage.default, loaded);
    expect(html).toContain("A password is saved. Leave blank to keep it.");
    expect(html).toContain("Send test email");

    // Blank keeps it; a new user name needs its own password.
    expect((await post(shop, { ...valid(), host: "smtp.example.com", port: "587", security: "starttls", user: "apikey", password: "" })).status).toBe(200);
    expect((await loadSmtpConfig(shop.shopId))?.password).toBe("s3cret-pass");
    const other = await post(shop, { ...valid(), user: "someone-else", password: "" });
    expect(other.status).toBe(400);
    expect((await other.json()).error.details.fieldErrors.password).toBe("Password: enter the password for the new user name");
    // No user name: no password kept.
    expect((await post(shop, valid())).status).toBe(200);
    expect(await loadSmtpConfig(shop.shopId)).toMatchObject({ user: "", password: "", replyDomain: "shop.example" });
  });

  it("agents can look but get 403 on save and test-send", async () => {
    const shop = await createInstalledShop();
    await db.staff.create({ data: { shopId: shop.shopId, email: "grace@example.com", firstName: "Grace", lastName: "Admin", role: "ADMIN" } });
    await db.staff.update({ where: { id: shop.staffId }, data: { role: "AGENT" } });
    const loaded = await emailPage.loader(args(await embeddedRequest(PATH, shop)));
    expect((await loaded.clone().json()).canEdit).toBe(false);
    expect(await renderRoute(PATH, emailPage.default, loaded)).toContain("You can view these settings");
    for (const body of [valid(), { intent: "test" }]) {
      const response = await post(shop, body);
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toMatch(/^Only admins can change settings\. Ask an admin \(Grace Admin\)/);
    }
    expect(await loadSmtpConfig(shop.shopId)).toBeNull();
    expect(smtp.messages).toHaveLength(0);
  });

  it("test-send reaches the staff member's own address, or says why not in plain words", async () => {
    const shop = await createInstalledShop();
    const none = await post(shop, { intent: "test" });
    expect(none.status).toBe(400);
    expect((await none.json()).error.message).toBe("The test email was not sent. No email server is set up yet. Fill in and save the settings first.");

    await post(shop, valid());
    const sent = await post(shop, { intent: "test" });
    expect(sent.status).toBe(200);
    expect((await sent.json()).message).toBe(`Test email sent to ada+${shop.userId}@example.com. Check that it arrived.`);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: `ada+${shop.userId}@example.com`, from: '"Shop Help" <help@shop.example>', subject: "Test email from Test Shop" });

    smtp.setBehaviour({ auth: { user: "shop", pass: "right" } });
    const refused = await post(shop, { intent: "test" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toBe(
      "The test email was not sent. The email server requires signing in first: Authentication required (530). Add a user name and password in Settings → Email.",
    );

    await post(shop, { ...valid(), user: "shop", password: "wrong" });
    const badLogin = await post(shop, { intent: "test" });
    expect((await badLogin.json()).error.message).toMatch(/^The test email was not sent\. The email server refused the user name or password: .*Authentication credentials invalid/);

    const closed = await startCaptureServer();
    await closed.stop();
    await post(shop, { ...valid(), port: String(closed.port) });
    const unreachable = await post(shop, { intent: "test" });
    expect((await unreachable.json()).error.message).toBe(
      `The test email was not sent. Could not connect to 127.0.0.1:${closed.port}: the connection was refused. Check the server name and port in Settings → Email.`,
    );
  });

  it("the settings overview has an Email card", async () => {
    const shop = await createInstalledShop();
    const before = await renderRoute("/app/settings", overview.default, await overview.loader(args(await embeddedRequest("/app/settings", shop))));
    expect(before).toContain("Not set up: replies cannot be emailed yet");
    await post(shop, valid());
    const after = await renderRoute("/app/settings", overview.default, await overview.loader(args(await embeddedRequest("/app/settings", shop))));
    expect(after).toContain(`Replies are sent from help@shop.example through 127.0.0.1`);
  });
});

describe("sent mail (demo only)", () => {
  it("is a 404 outside demo mode", async () => {
    const shop = await createInstalledShop();
    const thrown = await sentMail.loader(args(await embeddedRequest("/app/sent-mail", shop))).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  it("renders captured messages newest first, with headers", async () => {
    const data = {
      running: true,
      messages: [
        { id: 2, receivedAt: "2026-01-02T10:00:00.000Z", subject: "Re: Where is my order? [#7]", from: "Shop <help@shop.example>", to: "buyer@example.com", replyTo: "reply+7-abc@shop.example", messageId: "<b@shop.example>", inReplyTo: "<a@x>", references: ["<a@x>"], text: "Second <script>" },
        { id: 1, receivedAt: "2026-01-01T10:00:00.000Z", subject: "Test email", from: "Shop <help@shop.example>", to: "ada@example.com", replyTo: "", messageId: "<a@shop.example>", inReplyTo: "", references: [], text: "First" },
      ],
    };
    const html = renderInRoute("/app/sent-mail", "/app/sent-mail", sentMail.default, data);
    expect(html.indexOf("Re: Where is my order? [#7]")).toBeLessThan(html.indexOf("Test email"));
    expect(html).toContain("reply+7-abc@shop.example");
    expect(html).toContain("Second &lt;script&gt;");
    expect(renderInRoute("/app/sent-mail", "/app/sent-mail", sentMail.default, { running: true, messages: [] })).toContain("No mail sent yet");
    setDemoCaptureServer(undefined);
  });
});
