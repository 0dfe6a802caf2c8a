// Admin GraphQL operations of the storefront self-service (app/storefront): a shopper's return request.
// Approving it at once (the shop's auto-approve rules) reuses RETURN_APPROVE_REQUEST_MUTATION of
// ./order-actions. Validated against the committed Admin 2026-07 schema by tests/config/shopify-config.test.ts;
// answered in tests and demo by tests/mocks/shopify-admin-storefront.ts.

/** A return requested by the buyer (status REQUESTED): the merchant approves or declines it. */
export const RETURN_REQUEST_MUTATION = `#graphql
  mutation StorefrontReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return {
        id
        name
        status
        returnLineItems(first: 50) {
          nodes {
            id
            quantity
            ... on ReturnLineItem {
              fulfillmentLineItem { id }
            }
          }
        }
      }
      userErrors { field message code }
    }
  }
`;
