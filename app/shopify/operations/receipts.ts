// Admin GraphQL operations for receipts (issue 10): Shopify emails the order's confirmation/invoice. Used by
// app/payments/send-receipt.server.ts for the staff "Send receipt" action and the shopper's "Email me my receipt";
// validated against the committed Admin 2026-07 schema by tests/config/shopify-config.test.ts and answered in
// tests and demo by tests/mocks/shopify-admin-actions.ts.
//
// The recipient is always the order's own email (`email.to`), set by the service from the mirror, never from a
// request. orderInvoiceSend sends an email only: it moves no money.

export const ORDER_INVOICE_SEND_MUTATION = `#graphql
  mutation OrderInvoiceSend($id: ID!, $email: EmailInput) {
    orderInvoiceSend(id: $id, email: $email) {
      order {
        id
        name
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
