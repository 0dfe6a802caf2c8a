import { z } from "zod";
import type { AdminGraphql } from "../auth/staff.server";
import { forgetCachedSessions } from "../auth/session-storage.server";
import db from "../db.server";
import { env } from "../env.server";
import { AppError } from "../errors.server";
import { t } from "../i18n/en";
import { adminGraphql } from "../shopify/admin-client.server";
import {
  GRANTED_SCOPES_QUERY,
  SUBSCRIPTION_WEBHOOKS_QUERY,
  WEBHOOK_SUBSCRIPTION_CREATE_MUTATION,
} from "../shopify/operations/subscriptions";
import type { ShopRecord } from "../shops/shops.server";
import { SUBSCRIPTION_TOPICS } from "../webhooks/topics";
import { PAYMENT_METHOD_EMAIL_SCOPES, READ_SUBSCRIPTIONS_SCOPE, SUBSCRIPTION_SCOPES, hasScopes } from "./scopes";

// Turning subscriptions on for a shop: the merchant grants the optional scopes through App Bridge in the browser;
// the server then reads what Shopify really granted (never trusting the page), records it on the shop, and
// subscribes the shop to the subscription topics (shop-specific webhooks: see
// docs/decisions/0018-optional-subscription-scopes.md). Registering twice creates nothing twice.

const enumName = (topic: string) => topic.toUpperCase().replaceAll("/", "_");

export interface SubscriptionsStatus {
  /** Contracts and billing attempts can be read (the mirror, the panel). */
  readGranted: boolean;
  /** The payment method update email can be sent. */
  emailGranted: boolean;
  /** Scopes still to grant. */
  missing: string[];
}

export function subscriptionsStatus(scopes: string | null): SubscriptionsStatus {
  return {
    readGranted: hasScopes(scopes, [READ_SUBSCRIPTIONS_SCOPE]),
    emailGranted: hasScopes(scopes, PAYMENT_METHOD_EMAIL_SCOPES),
    missing: SUBSCRIPTION_SCOPES.filter((s) => !hasScopes(scopes, [s])),
  };
}

const GrantedAnswer = z.object({
  currentAppInstallation: z.object({ accessScopes: z.array(z.object({ handle: z.string() })) }),
});

/** What Shopify has granted now, stored on the shop and its sessions (as app/scopes_update does). */
export async function refreshGrantedScopes(shop: ShopRecord, admin: AdminGraphql): Promise<string> {
  const answer = GrantedAnswer.parse(await adminGraphql(admin, GRANTED_SCOPES_QUERY));
  const scope = answer.currentAppInstallation.accessScopes.map((s) => s.handle).join(",");
  await db.$transaction([
    db.session.updateMany({ where: { shop: shop.domain }, data: { scope } }),
    db.shop.updateMany({ where: { id: shop.id }, data: { scopes: scope } }),
  ]);
  forgetCachedSessions();
  return scope;
}

const ExistingAnswer = z.object({
  webhookSubscriptions: z.object({ nodes: z.array(z.object({ topic: z.string(), uri: z.string().nullish() })) }),
});
const CreateAnswer = z.object({
  webhookSubscriptionCreate: z
    .object({ userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() })) })
    .nullable(),
});

/** Subscribes the shop to every subscription topic it is not yet subscribed to at this app's address. */
export async function registerSubscriptionWebhooks(admin: AdminGraphql): Promise<{ created: string[] }> {
  const appUrl = env().SHOPIFY_APP_URL.replace(/\/+$/, "");
  const uriOf = (topic: string) => `${appUrl}/webhooks/${topic}`;
  const existing = ExistingAnswer.parse(
    await adminGraphql(admin, SUBSCRIPTION_WEBHOOKS_QUERY, { topics: SUBSCRIPTION_TOPICS.map(enumName) })
  );
  const have = new Set(existing.webhookSubscriptions.nodes.map((n) => `${n.topic} ${n.uri ?? ""}`));
  const created: string[] = [];
  for (const topic of SUBSCRIPTION_TOPICS) {
    if (have.has(`${enumName(topic)} ${uriOf(topic)}`)) continue;
    const answer = CreateAnswer.parse(
      await adminGraphql(admin, WEBHOOK_SUBSCRIPTION_CREATE_MUTATION, {
        topic: enumName(topic),
        webhookSubscription: { uri: uriOf(topic), format: "JSON" },
      })
    );
    const errors = answer.webhookSubscriptionCreate?.userErrors ?? [];
    // "Address for this topic has already been taken": another request registered it first.
    if (errors.length > 0 && !errors.every((e) => /already been taken/i.test(e.message))) {
      throw new AppError(
        "unavailable",
        t("subscriptions.settings.registerFailed", { reasons: errors.map((e) => e.message).join(" ") })
      );
    }
    created.push(topic);
  }
  return { created };
}

/** After the merchant answered the grant dialog: record the grant and, when it covers reading, register. */
export async function turnOnSubscriptions(
  shop: ShopRecord,
  admin: AdminGraphql
): Promise<SubscriptionsStatus & { created: string[] }> {
  const scope = await refreshGrantedScopes(shop, admin);
  const status = subscriptionsStatus(scope);
  if (!status.readGranted) throw new AppError("bad_request", t("subscriptions.settings.notGranted"));
  const { created } = await registerSubscriptionWebhooks(admin);
  return { ...status, created };
}
