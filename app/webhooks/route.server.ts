import { json } from "@remix-run/node";

/**
 * The shape every webhook route shares: POST only (405 otherwise, with Allow), Shopify's own verification
 * inside `handle` (authenticate.webhook answers 401 for a bad HMAC and 400 for missing headers by throwing a
 * Response), and 200 with an empty body once the work is stored. An error while storing propagates as a
 * 5xx, so Shopify retries: never 200 for an event we did not keep.
 */
export async function webhookRoute(request: Request | null, handle: () => Promise<void>): Promise<Response> {
  if (!request || request.method !== "POST") return methodNotAllowed();
  try {
    await handle();
  } catch (error) {
    if (error instanceof Response) return withMessage(error);
    // A correctly signed body that is not JSON: Shopify never sends one, so do not ask it to retry.
    if (error instanceof SyntaxError) {
      return json({ error: { code: "bad_request", message: "The webhook body is not valid JSON." } }, { status: 400 });
    }
    // Anything else (the database is down, …): not stored, so not acknowledged; Shopify retries.
    console.error("Webhook not accepted:", error);
    return json(
      { error: { code: "unavailable", message: "The delivery could not be stored right now; Shopify will retry it." } },
      { status: 503 },
    );
  }
  return new Response(null, { status: 200 });
}

function methodNotAllowed(): Response {
  return json(
    { error: { code: "method_not_allowed", message: "Webhooks are delivered with POST." } },
    { status: 405, headers: { Allow: "POST" } },
  );
}

/** authenticate.webhook throws bare (bodiless) 400/401/405 responses; give them a message a person can act on. */
function withMessage(response: Response): Response {
  if (response.body !== null) return response;
  if (response.status === 401) {
    return json({ error: { code: "unauthorized", message: "The webhook's HMAC signature does not match this app's secret." } }, { status: 401 });
  }
  if (response.status === 400) {
    return json(
      { error: { code: "bad_request", message: "The request is not a Shopify webhook: required X-Shopify-* headers or a JSON body are missing." } },
      { status: 400 },
    );
  }
  if (response.status === 405) return methodNotAllowed();
  return response;
}
