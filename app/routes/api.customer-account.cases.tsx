import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { conversationLink } from "../channels/links.server";
import { AppError } from "../errors.server";
import { limitCustomer } from "../customer-account/rate-limit.server";
import { customerAccountEndpoint, OrderIdParam, readJson } from "../customer-account/session.server";
import { findStorefrontCustomer, loadCustomerOrder, parseOrThrow } from "../storefront/orders.server";
import { submitContact } from "../storefront/contact.server";

// POST /api/customer-account/cases — "Get help with this order" from customer accounts. Body:
// { orderId, topic, message, subject? }. The order must be the token's customer's (else 404); the message joins the
// customer's open case or opens one linked to the order (app/storefront/contact.server.ts, channel CUSTOMER_ACCOUNT).
// Name and email come from the customer's record in the mirror (the token carries neither).

const HelpBody = z.object({
  orderId: z.union([z.string(), z.number()]).transform(String).pipe(OrderIdParam),
  topic: z.string({ error: "Choose what your message is about." }),
  message: z.string({ error: "Write your message." }),
  subject: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  return customerAccountEndpoint(request, "POST", async ({ shop, shopifyCustomerId }) => {
    await limitCustomer("write", shop.id, shopifyCustomerId);
    const body = parseOrThrow(HelpBody, await readJson(request));
    const order = await loadCustomerOrder(shop.id, shopifyCustomerId, { shopifyOrderId: body.orderId });
    const customer = await findStorefrontCustomer(shop.id, shopifyCustomerId);
    const email = customer?.email;
    if (!email) {
      throw new AppError("bad_request", "Your account has no email address for the store to reply to. Add one to your account, or contact the store directly.");
    }
    const name = [customer?.firstName, customer?.lastName].filter(Boolean).join(" ") || email.split("@")[0];
    const result = await submitContact(
      shop.id,
      { name, email, orderNumber: String(order.orderNumber), topic: body.topic, subject: body.subject, message: body.message },
      "CUSTOMER_ACCOUNT",
      { shopifyCustomerId },
    );
    const conversationUrl = conversationLink(shop.id, result.caseId);
    return json({ case: { number: result.number, appended: result.appended }, message: result.message, conversationUrl }, { status: 201 });
  });
}

/** GET → 405 (this address only takes POST). */
export async function loader({ request }: LoaderFunctionArgs) {
  return customerAccountEndpoint(request, "POST", async () => {
    throw new Error("unreachable: only POST is accepted");
  });
}
