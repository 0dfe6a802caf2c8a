// Admin GraphQL operations, one named operation per export. tests/config/shopify-config.test.ts validates
// every one against the committed Admin 2026-07 schema (app/shopify/schema), and the msw mock
// (tests/mocks/shopify-admin.ts) answers them by operation name.

export const SHOP_INFO_QUERY = `#graphql
  query ShopInfo {
    shop {
      name
      email
      currencyCode
      ianaTimezone
      myshopifyDomain
    }
  }
`;
