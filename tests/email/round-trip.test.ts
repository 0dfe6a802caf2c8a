import { afterAll, beforeAll, describe, expect, it } from "vitest";
import db from "../../app/db.server";
import { startCaptureServer, type CaptureServer } from "../../app/channels/email/capture-server.server";
import { saveSmtpSettings } from "../../app/channels/email/smtp-settings.server";
import { runDueJobs } from "../../app/jobs/worker.server";
import { action } from "../../app/routes/app.cases.$id";
import { createTestCase } from "../helpers/builders";
import { createInstalledShop, embeddedRequest } from "../helpers/shopify";
import { postEmail, uniqueMessageId } from "./inbound-helpers";

let smtp: CaptureServer;
beforeAll(async () => {
  smtp = await startCaptureServer({ port: 0 });
});
afterAll(async () => {
  await smtp.stop();
});

/** The customer's mail program answering a captured email: To its Reply-To, In-Reply-To/References its Message-ID. */
function answerTo(mail: CaptureServer["messages"][number], from: string, text: string): string {
  return [
    `From: Bea Buyer <${from}>`,
    `To: ${mail.replyTo}`,
    `Subject: Re: ${mail.subject}`,
    `Message-ID: ${uniqueMessageId()}`,
    `In-Reply-To: ${mail.messageId}`,
    `References: ${mail.messageId}`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "",
    `On ${new Date().toDateString()}, Test Shop Support wrote:`,
    ...mail.text.split("\n").map((line) => `> ${line}`),
    "",
  ].join("\r\n");
}

describe("email round trip through the real local SMTP server", () => {
  it("a reply is sent and captured; the customer's answer threads back into the same case, quote trimmed", async () => {
    const shop = await createInstalledShop();
    await saveSmtpSettings(shop.shopId, {
      host: "127.0.0.1",
      port: String(smtp.port),
      security: "none",
      fromAddress: "help@shop.example",
      fromName: "Test Shop Support",
      replyDomain: "reply.shop.example",
    });
    const kase = await createTestCase(shop.shopId, { subject: "Where is my order?", customerEmail: "bea@example.com", customerName: "Bea Buyer" });
    // Another open case of the same customer: the answer must follow the thread, not the newest case.
    await createTestCase(shop.shopId, { subject: "Another question", customerEmail: "bea@example.com" });

    const request = await embeddedRequest(`/app/cases/${kase.id}`, shop, { method: "POST", body: new URLSearchParams({ intent: "reply", body: "It ships today." }) });
    expect((await action({ request, params: { id: kase.id }, context: {} })).status).toBe(200);
    await runDueJobs();
    const mail = smtp.messages.find((m) => m.envelope.to.includes("bea@example.com"));
    expect(mail, "the reply reached the SMTP server").toBeDefined();

    const answer = await postEmail(shop.domain, answerTo(mail!, "bea@example.com", "Great, thank you!"));
    expect(answer.status).toBe(200);
    const messages = await db.message.findMany({ where: { caseId: kase.id }, orderBy: { createdAt: "asc" } });
    expect(messages.map((m) => [m.direction, m.bodyText.trim()])).toEqual([
      ["OUTBOUND", "It ships today."],
      ["INBOUND", "Great, thank you!"],
    ]);
    expect(messages[1]).toMatchObject({ channel: "EMAIL", inReplyTo: mail!.messageId });
  });
});
