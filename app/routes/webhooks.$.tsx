import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestWebhook } from "../webhooks/ingest.server";
import { webhookRoute } from "../webhooks/route.server";

/** Every subscribed topic is delivered to /webhooks/<topic> (e.g. /webhooks/orders/create). */
export const action = ({ request, params }: ActionFunctionArgs) => ingestWebhook(request, params["*"]);

export const loader = () => webhookRoute(null, async () => undefined);
