// Admin GraphQL operations about customers (read-only), validated against the Admin 2026-07 schema by
// tests/config/shopify-config.test.ts and answered in tests and demo mode by tests/mocks/shopify-admin-customers.ts.

/**
 * A customer's subscription contracts for the case's customer panel (needs read_own_subscription_contracts).
 * The latest billing attempts tell the last failed payment.
 */
export const CUSTOMER_SUBSCRIPTIONS_QUERY = `#graphql
  query CustomerSubscriptionContracts($customerId: ID!) {
    customer(id: $customerId) {
      id
      subscriptionContracts(first: 10, reverse: true) {
        nodes {
          id
          status
          createdAt
          nextBillingDate
          currencyCode
          lastPaymentStatus
          lastBillingAttemptErrorType
          billingPolicy {
            interval
            intervalCount
          }
          lines(first: 5) {
            nodes {
              title
              variantTitle
              quantity
              currentPrice {
                amount
                currencyCode
              }
            }
          }
          billingAttempts(first: 5, reverse: true) {
            nodes {
              id
              createdAt
              completedAt
              state {
                __typename
                ... on SubscriptionBillingAttemptFailedState {
                  error {
                    __typename
                    ... on SubscriptionBillingAttemptPaymentError {
                      paymentErrorCode: code
                    }
                    ... on SubscriptionBillingAttemptInventoryError {
                      inventoryErrorCode: code
                    }
                    ... on SubscriptionBillingAttemptGeneralError {
                      generalErrorCode: code
                    }
                    ... on SubscriptionBillingAttemptUnexpectedError {
                      message
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;
