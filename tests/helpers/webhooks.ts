import { action } from "../../app/routes/webhooks.$";
import { runDueJobs } from "../../app/jobs/worker.server";
import { signedWebhook, type WebhookOptions } from "./shopify";

/** Delivers a signed webhook to POST /webhooks/<topic> the way Shopify would. */
export async function deliver(options: Omit<WebhookOptions, "body"> & { body: string | object; path?: string }): Promise<Response> {
  const body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const request = signedWebhook({ ...options, body });
  return action({ request, params: { "*": options.path ?? options.topic }, context: {} });
}

/** Delivers, then runs the jobs it queued: the state after Shopify's delivery has been processed. */
export async function deliverAndProcess(options: Parameters<typeof deliver>[0]): Promise<Response> {
  const response = await deliver(options);
  await runDueJobs();
  return response;
}
