// The optional access scopes that turn subscriptions on (shopify.app.toml `optional_scopes`; a test keeps them in
// step). Client-safe: the settings page asks for them through App Bridge. See
// docs/decisions/0018-optional-subscription-scopes.md.

/** Read contracts and billing attempts (the mirror, the customer panel). */
export const READ_SUBSCRIPTIONS_SCOPE = "read_own_subscription_contracts";

/** "Send payment method update email": the contract's payment method id, and the mutation itself. */
export const PAYMENT_METHOD_EMAIL_SCOPES = ["read_customer_payment_methods", "write_customers"] as const;

export const SUBSCRIPTION_SCOPES = [READ_SUBSCRIPTIONS_SCOPE, ...PAYMENT_METHOD_EMAIL_SCOPES] as const;

// Whether a shop granted scopes: app/shops/scopes.ts (shared with the disputes sync and the customer panel).
export { grantedScopes, hasScopes } from "../shops/scopes";
