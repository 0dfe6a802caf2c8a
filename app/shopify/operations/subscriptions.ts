// Admin GraphQL operations for subscriptions (optional scopes, see docs/decisions/0018-optional-subscription-scopes.md),
// validated against the Admin 2026-07 schema by tests/config/shopify-config.test.ts and answered in tests and demo
// mode by tests/mocks/shopify-admin-subscriptions.ts. Nothing here can move money.

/**
 * One contract, for the mirror: what the REST webhook payload lacks (plan, next billing date) and, for a billing
 * attempt whose contract the mirror does not know, the whole contract. Needs read_own_subscription_contracts.
 */
export const SUBSCRIPTION_CONTRACT_QUERY = `#graphql
  query SubscriptionContractForMirror($id: ID!) {
    subscriptionContract(id: $id) {
      id
      status
      createdAt
      updatedAt
      nextBillingDate
      currencyCode
      customer {
        id
      }
      originOrder {
        id
      }
      billingPolicy {
        interval
        intervalCount
      }
      lines(first: 5) {
        nodes {
          title
          variantTitle
          quantity
        }
      }
    }
  }
`;

/**
 * The payment method a contract charges, to send its update email; the contract's customer is checked against the
 * case's. Needs read_own_subscription_contracts and read_customer_payment_methods.
 */
export const SUBSCRIPTION_PAYMENT_METHOD_QUERY = `#graphql
  query SubscriptionContractPaymentMethod($id: ID!) {
    subscriptionContract(id: $id) {
      id
      customer {
        id
      }
      customerPaymentMethod(showRevoked: true) {
        id
        revokedAt
      }
    }
  }
`;

/** Shopify emails the customer a secure link to update the payment method (write_customers). Charges nothing. */
export const PAYMENT_METHOD_SEND_UPDATE_EMAIL_MUTATION = `#graphql
  mutation CustomerPaymentMethodSendUpdateEmail($customerPaymentMethodId: ID!) {
    customerPaymentMethodSendUpdateEmail(customerPaymentMethodId: $customerPaymentMethodId) {
      customer {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The scopes the merchant has granted right now (the optional ones included). */
export const GRANTED_SCOPES_QUERY = `#graphql
  query GrantedAccessScopes {
    currentAppInstallation {
      accessScopes {
        handle
      }
    }
  }
`;

/** The shop's existing subscriptions to the subscription topics, so registering twice creates nothing twice. */
export const SUBSCRIPTION_WEBHOOKS_QUERY = `#graphql
  query SubscriptionWebhookSubscriptions($topics: [WebhookSubscriptionTopic!]) {
    webhookSubscriptions(first: 50, topics: $topics) {
      nodes {
        id
        topic
        uri
      }
    }
  }
`;

/** Subscribes this shop to one subscription topic (shop-specific: the topic needs an optional scope). */
export const WEBHOOK_SUBSCRIPTION_CREATE_MUTATION = `#graphql
  mutation SubscriptionWebhookCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
      webhookSubscription {
        id
        topic
        uri
      }
      userErrors {
        field
        message
      }
    }
  }
`;
