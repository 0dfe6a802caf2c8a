import { readFileSync } from "node:fs";
import { join } from "node:path";
import { action, loader } from "../../app/routes/inbound.email.$shop.$secret";
import { inboundSecretFor } from "../../app/channels/email/inbound.server";

// Raw MIME fixtures (tests/fixtures/email/*.eml) with {{PLACEHOLDERS}}, and the inbound route called directly.

let sequence = 0;
export const uniqueMessageId = () => `<msg-${Date.now()}-${++sequence}@mail.example.com>`;

export interface FixtureValues {
  FROM?: string;
  TO?: string;
  MESSAGE_ID?: string;
  ORDER?: string;
  EXTRA_HEADERS?: string[];
  MORE_PARTS?: string;
}

export function fixture(name: string, values: FixtureValues = {}): string {
  const raw = readFileSync(join(__dirname, "../fixtures/email", name), "utf8");
  const filled: Record<string, string> = {
    FROM: values.FROM ?? "jane@example.com",
    TO: values.TO ?? "support@shop.example.com",
    MESSAGE_ID: values.MESSAGE_ID ?? uniqueMessageId(),
    ORDER: values.ORDER ?? "9999",
    EXTRA_HEADERS: (values.EXTRA_HEADERS ?? []).map((h) => `${h}\r\n`).join(""),
    MORE_PARTS: values.MORE_PARTS ?? "",
  };
  return raw.replace(/\{\{(\w+)\}\}/g, (_, key: string) => filled[key] ?? "");
}

type Args = Parameters<typeof action>[0];

export function inboundRequest(domain: string, body: BodyInit | null, init: { secret?: string; method?: string; contentType?: string; headers?: Record<string, string> } = {}) {
  const secret = init.secret ?? inboundSecretFor(domain);
  const request = new Request(`https://app.example.com/inbound/email/${domain}/${secret}`, {
    method: init.method ?? "POST",
    body: (init.method ?? "POST") === "POST" ? body : null,
    headers: { ...("contentType" in init && init.contentType === undefined ? {} : { "content-type": init.contentType ?? "message/rfc822" }), ...(init.headers ?? {}) },
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  return { request, params: { shop: domain, secret }, context: {} } as unknown as Args;
}

export async function postEmail(domain: string, raw: BodyInit | null, init: Parameters<typeof inboundRequest>[2] = {}) {
  const response = await action(inboundRequest(domain, raw, init));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

export { action, loader };
