// Admin GraphQL operations for the order actions taken from a case (app/orders/actions): refunds, cancellation,
// return decisions and return processing. Validated against the committed Admin 2026-07 schema by
// tests/config/shopify-config.test.ts; answered in tests and demo by tests/mocks/shopify-admin-actions.ts.
//
// Only refundCreate documents idempotency in 2026-07 (required since 2026-04, via the `@idempotent` directive):
// it is sent with the action's idempotency key, so a retried request can never refund twice. The other
// mutations do not support the directive; our OrderAction row (unique per shop and key) guards them.

const MONEY_BAG = `shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }`;

/**
 * What a refund needs before it is sent: the order's currencies, Shopify's suggestion for the chosen lines
 * (amount, maximum refundable, restock location of each line, and the transactions to refund with their
 * gateway and parent), and the order's payment transactions for an amount-only refund.
 */
export const ORDER_REFUND_CONTEXT_QUERY = `#graphql
  query OrderRefundContext(
    $id: ID!
    $refundLineItems: [RefundLineItemInput!]
    $suggestFullRefund: Boolean
    $refundShipping: Boolean
  ) {
    order(id: $id) {
      id
      name
      currencyCode
      presentmentCurrencyCode
      refundable
      cancelledAt
      totalRefundedSet { ${MONEY_BAG} }
      transactions(first: 50) {
        id
        kind
        status
        gateway
        amountSet { ${MONEY_BAG} }
        maximumRefundableV2 { amount currencyCode }
        parentTransaction { id }
      }
      suggestedRefund(
        refundLineItems: $refundLineItems
        suggestFullRefund: $suggestFullRefund
        refundShipping: $refundShipping
      ) {
        amountSet { ${MONEY_BAG} }
        maximumRefundableSet { ${MONEY_BAG} }
        subtotalSet { ${MONEY_BAG} }
        totalTaxSet { ${MONEY_BAG} }
        refundLineItems {
          quantity
          restockType
          lineItem { id }
          location { id }
        }
        suggestedTransactions {
          gateway
          kind
          amountSet { ${MONEY_BAG} }
          maximumRefundableSet { ${MONEY_BAG} }
          parentTransaction { id kind }
        }
      }
    }
  }
`;

/** Creates the refund; `$idempotencyKey` is the OrderAction's key, so Shopify refunds once per key. */
export const REFUND_CREATE_MUTATION = `#graphql
  mutation RefundCreate($input: RefundInput!, $idempotencyKey: String!) {
    refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
      refund {
        id
        note
        createdAt
        totalRefundedSet { ${MONEY_BAG} }
        return { id }
        refundLineItems(first: 50) {
          nodes {
            id
            quantity
            restockType
            lineItem { id }
            subtotalSet { shopMoney { amount } }
            totalTaxSet { shopMoney { amount } }
          }
        }
        refundShippingLines(first: 5) {
          nodes { subtotalAmountSet { shopMoney { amount } } }
        }
      }
      order {
        id
        displayFinancialStatus
        totalRefundedSet { ${MONEY_BAG} }
      }
      userErrors { field message }
    }
  }
`;

/** Cancels the order. Shopify runs the cancellation as a job: the answer is the job, not the cancelled order. */
export const ORDER_CANCEL_MUTATION = `#graphql
  mutation OrderCancel(
    $orderId: ID!
    $reason: OrderCancelReason!
    $refundMethod: OrderCancelRefundMethodInput
    $restock: Boolean!
    $notifyCustomer: Boolean
    $staffNote: String
  ) {
    orderCancel(
      orderId: $orderId
      reason: $reason
      refundMethod: $refundMethod
      restock: $restock
      notifyCustomer: $notifyCustomer
      staffNote: $staffNote
    ) {
      job { id done }
      orderCancelUserErrors { field message code }
    }
  }
`;

const RETURN_RESULT_FIELDS = `
  id
  name
  status
  requestApprovedAt
  closedAt
  decline { reason note }
  order { id }
`;

export const RETURN_APPROVE_REQUEST_MUTATION = `#graphql
  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return { ${RETURN_RESULT_FIELDS} }
      userErrors { field message code }
    }
  }
`;

export const RETURN_DECLINE_REQUEST_MUTATION = `#graphql
  mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return { ${RETURN_RESULT_FIELDS} }
      userErrors { field message code }
    }
  }
`;

/**
 * What processing a return needs: its lines (processable quantities), the reverse fulfillment order lines to
 * dispose of (restock or not), the shop's primary location to restock at, and Shopify's suggested refund for
 * the chosen lines with the transactions to refund.
 */
export const RETURN_PROCESS_CONTEXT_QUERY = `#graphql
  query ReturnProcessContext($id: ID!, $returnLineItems: [SuggestedOutcomeReturnLineItemInput!]!) {
    location { id name }
    return(id: $id) {
      id
      name
      status
      order { id currencyCode presentmentCurrencyCode }
      returnLineItems(first: 50) {
        nodes {
          id
          quantity
          processableQuantity
          ... on ReturnLineItem {
            fulfillmentLineItem { id lineItem { id } }
          }
        }
      }
      reverseFulfillmentOrders(first: 5) {
        nodes {
          id
          lineItems(first: 50) {
            nodes {
              id
              totalQuantity
              fulfillmentLineItem { id }
            }
          }
        }
      }
      suggestedFinancialOutcome(returnLineItems: $returnLineItems, exchangeLineItems: []) {
        financialTransfer {
          ... on RefundReturnOutcome {
            amount { ${MONEY_BAG} }
            suggestedTransactions {
              gateway
              amountSet { ${MONEY_BAG} }
              parentTransaction { id kind }
            }
          }
        }
      }
    }
  }
`;

export const RETURN_PROCESS_MUTATION = `#graphql
  mutation ReturnProcess($input: ReturnProcessInput!) {
    returnProcess(input: $input) {
      return { ${RETURN_RESULT_FIELDS} }
      userErrors { field message code }
    }
  }
`;
