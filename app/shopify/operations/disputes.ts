// Admin GraphQL operations of the dispute mirror (app/disputes). Validated against the committed Admin 2026-07
// schema by tests/config/shopify-config.test.ts; answered in tests and demo by tests/mocks/shopify-admin-disputes.ts.
// Needs the read_shopify_payments_disputes scope. A store without Shopify Payments answers shopifyPaymentsAccount: null.

/** The Shopify Payments disputes opened since a date (`query: "initiated_at:>=…"`), a page at a time. */
export const DISPUTES_FOR_SYNC_QUERY = `#graphql
  query DisputesForSync($first: Int!, $after: String, $query: String) {
    shopifyPaymentsAccount {
      disputes(first: $first, after: $after, query: $query) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          legacyResourceId
          status
          type
          reasonDetails { reason networkReasonCode }
          amount { amount currencyCode }
          evidenceDueBy
          evidenceSentOn
          finalizedOn
          initiatedAt
          order { id }
        }
      }
    }
  }
`;
