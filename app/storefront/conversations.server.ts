import db from "../db.server";
import { conversationLink } from "../channels/links.server";

/** How many conversations the storefront help block lists for a signed-in customer. */
export const CUSTOMER_CONVERSATIONS_LIMIT = 10;

export interface CustomerConversation {
  number: number;
  subject: string;
  /** "open" (staff are on it), "waiting" (waiting for the customer) or "resolved". */
  status: "open" | "waiting" | "resolved";
  lastActivityAt: string;
  conversationUrl: string;
}

const STATUS: Record<string, CustomerConversation["status"]> = { OPEN: "open", SNOOZED: "open", PENDING: "waiting", RESOLVED: "resolved", CLOSED: "resolved" };

/**
 * The signed-in customer's conversations in this shop (Customer.shopifyId → Case.customerId), most recently active
 * first, each with its signed conversation link. Merged cases are left out (their messages live in the target).
 * A customer the mirror does not know yet simply has none.
 */
export async function customerConversations(shopId: string, shopifyCustomerId: bigint, { now }: { now?: Date } = {}): Promise<CustomerConversation[]> {
  const customer = await db.customer.findUnique({ where: { shopId_shopifyId: { shopId, shopifyId: shopifyCustomerId } }, select: { id: true } });
  if (!customer) return [];
  const cases = await db.case.findMany({
    where: { shopId, customerId: customer.id, mergedIntoId: null },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: CUSTOMER_CONVERSATIONS_LIMIT,
    select: { id: true, number: true, subject: true, status: true, lastActivityAt: true },
  });
  return cases.map((c) => ({
    number: c.number,
    subject: c.subject,
    status: STATUS[c.status] ?? "open",
    lastActivityAt: c.lastActivityAt.toISOString(),
    conversationUrl: conversationLink(shopId, c.id, { now }),
  }));
}
