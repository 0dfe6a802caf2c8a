import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { MAX_EMAIL_BYTES, rawEmailFrom, receiveEmail, shopForInbound } from "../channels/email/inbound.server";
import { AppError, handleErrors } from "../errors.server";
import { t } from "../i18n/en";

// POST /inbound/email/<shop domain>/<secret>: a forwarding service delivers one raw RFC 822 email as the body
// (the secret is app/channels/email/inbound.server.ts inboundAddressFor) — or Postmark's JSON with RawEmail,
// SendGrid's / Mailgun's form with the raw MIME field. 200 stored (or already stored),
// 202 ignored (auto-reply, bounce), 400 unreadable, 401 wrong secret, 404 no such shop, 405 not POST, 413 too big.

const InboundParams = z.object({
  shop: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "The shop in the inbound address must be a myshopify.com domain."),
  secret: z.string().regex(/^[0-9a-fA-F]{32}$/, t("emailInbound.error.secret")),
});

const LIMIT_TEXT = `${MAX_EMAIL_BYTES / (1024 * 1024)} MB`;

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleErrors(async () => {
    if (request.method !== "POST") throw new AppError("method_not_allowed", t("emailInbound.error.method"), undefined, { Allow: "POST" });
    const parsed = InboundParams.safeParse(params);
    if (!parsed.success) {
      const secretBad = parsed.error.issues.some((i) => i.path[0] === "secret");
      throw secretBad ? new AppError("unauthorized", t("emailInbound.error.secret")) : new AppError("not_found", t("emailInbound.error.shop"));
    }
    const shop = await shopForInbound(parsed.data.shop, parsed.data.secret);
    const raw = await readLimited(request, MAX_EMAIL_BYTES);
    if (!raw) return json({ error: { code: "payload_too_large", message: t("emailInbound.error.tooLarge", { limit: LIMIT_TEXT }) } }, { status: 413 });
    const result = await receiveEmail(shop, await rawEmailFrom(request.headers.get("content-type"), raw));
    switch (result.outcome) {
      case "ignored":
        return json({ ignored: result.reason }, { status: 202 });
      case "duplicate":
        return json({ duplicate: true, caseId: result.caseId, caseNumber: result.caseNumber, messageId: result.messageId }, { status: 200 });
      case "stored":
        return json(
          { caseId: result.caseId, caseNumber: result.caseNumber, messageId: result.messageId, appended: result.appended, threadedBy: result.threadedBy },
          { status: 200 },
        );
    }
  });

export const loader = () => handleErrors(async () => {
  throw new AppError("method_not_allowed", t("emailInbound.error.method"), undefined, { Allow: "POST" });
});

/** The request body, or null (→ 413) as soon as it passes the limit, declared or streamed. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
