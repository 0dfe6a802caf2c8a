// Admin GraphQL operations of the order mirror (app/orders). Validated against the committed Admin 2026-07
// schema by tests/config/shopify-config.test.ts; answered in tests and demo by tests/mocks/shopify-admin-orders.ts.
//
// Connection sizes keep the requested cost (estimated at ~630 points by tests/orders/order-query.test.ts)
// under Shopify's single-query limit of 1,000: an order with more lines, fulfillments, refunds or returns
// than fetched here is mirrored with the first ones, and its webhooks fill in the rest as they change.

/** One order with everything the mirror keeps: lines (product type and tags), fulfillments with tracking and
 * carrier events, refunds with lines, returns with lines and return tracking, and the customer. */
// Fragments shared by OrderForMirror, the backfill's bulk query and its reconciliation, so the three read an
// order the same way (app/orders/admin-order.server.ts parses all of them with OrderForMirrorOrder).

const MIRROR_ORDER_FRAGMENTS = `
  fragment MirrorOrderFields on Order {
    id
    name
    number
    email
    phone
    displayFinancialStatus
    displayFulfillmentStatus
    currencyCode
    subtotalPriceSet { shopMoney { amount } }
    totalShippingPriceSet { shopMoney { amount } }
    totalTaxSet { shopMoney { amount } }
    totalPriceSet { shopMoney { amount } }
    totalDiscountsSet { shopMoney { amount } }
    totalRefundedSet { shopMoney { amount } }
    discountCodes
    shippingLine { title }
    paymentGatewayNames
    shippingAddress { ...MirrorAddress }
    billingAddress { ...MirrorAddress }
    tags
    note
    statusPageUrl
    cancelledAt
    cancelReason
    disputes { id }
    closedAt
    processedAt
    createdAt
    updatedAt
    customer {
      id
      firstName
      lastName
      defaultEmailAddress { emailAddress }
      defaultPhoneNumber { phoneNumber }
      numberOfOrders
      amountSpent { amount currencyCode }
      tags
      updatedAt
    }
  }

  fragment MirrorLineItem on LineItem {
    id
    title
    variantTitle
    sku
    vendor
    quantity
    requiresShipping
    originalUnitPriceSet { shopMoney { amount } }
    totalDiscountSet { shopMoney { amount } }
    image { url }
    product { id productType tags }
    variant { id }
  }

  fragment MirrorFulfillmentFields on Fulfillment {
    id
    name
    status
    displayStatus
    createdAt
    updatedAt
    deliveredAt
    inTransitAt
    estimatedDeliveryAt
    trackingInfo(first: 3) { company number url }
  }

  fragment MirrorRefundFields on Refund {
    id
    note
    createdAt
    processedAt
    totalRefundedSet { shopMoney { amount currencyCode } }
    return { id }
  }

  fragment MirrorReturnFields on Return {
    id
    name
    status
    createdAt
    requestApprovedAt
    closedAt
    decline { reason note }
  }

  fragment MirrorAddress on MailingAddress {
    firstName
    lastName
    name
    company
    address1
    address2
    city
    province
    provinceCode
    country
    countryCodeV2
    zip
    phone
  }
`;

/** One order with everything the mirror keeps: lines (product type and tags), fulfillments with tracking and
 * carrier events, refunds with lines, returns with lines and return tracking, the customer, and its payment
 * transactions and payment terms (these two only here: the backfill's bulk query leaves them to this query). */
export const ORDER_FOR_MIRROR_QUERY = `#graphql
  query OrderForMirror($id: ID!) {
    order(id: $id) {
      ...MirrorOrderFields
      transactions(first: 10) {
        id
        kind
        status
        test
        gateway
        errorCode
        processedAt
        createdAt
        amountSet { shopMoney { amount currencyCode } }
        paymentDetails {
          ... on CardPaymentDetails { company number }
        }
        parentTransaction { id }
      }
      paymentTerms {
        paymentTermsName
        paymentSchedules(first: 1) {
          nodes { dueAt }
        }
      }
      lineItems(first: 20) {
        nodes { ...MirrorLineItem }
      }
      fulfillments(first: 3) {
        ...MirrorFulfillmentFields
        fulfillmentLineItems(first: 10) {
          nodes { id quantity lineItem { id } }
        }
        events(first: 10, sortKey: HAPPENED_AT) {
          nodes { id status message city province country estimatedDeliveryAt happenedAt }
        }
      }
      refunds(first: 3) {
        ...MirrorRefundFields
        refundLineItems(first: 10) {
          nodes {
            id
            quantity
            restockType
            subtotalSet { shopMoney { amount } }
            totalTaxSet { shopMoney { amount } }
            lineItem { id }
          }
        }
        refundShippingLines(first: 2) {
          nodes { subtotalAmountSet { shopMoney { amount } } }
        }
      }
      returns(first: 2) {
        nodes {
          ...MirrorReturnFields
          returnLineItems(first: 10) {
            nodes {
              id
              quantity
              customerNote
              returnReasonNote
              returnReasonDefinition { handle }
              ... on ReturnLineItem {
                fulfillmentLineItem { id lineItem { id } }
              }
            }
          }
          reverseFulfillmentOrders(first: 1) {
            nodes {
              reverseDeliveries(first: 1) {
                nodes {
                  deliverable {
                    ... on ReverseDeliveryShippingDeliverable {
                      tracking { carrierName number url }
                      label { publicFileUrl }
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
${MIRROR_ORDER_FRAGMENTS}`;

/** Replaced by the backfill's search query (e.g. `created_at:>=2026-09-26T00:00:00Z`). */
const BULK_ORDERS_SEARCH = "__ORDERS_SEARCH__";

/**
 * The backfill's bulk query (run by bulkOperationRunQuery, which allows at most 5 connections, nested at most
 * two deep, and no connection inside a list field). So it reads orders with their lines and returns as
 * connections (child JSONL rows carrying `__parentId`) and fulfillments and refunds as lists (inline, without
 * their own line items and carrier events, which are connections). Webhooks and OrderForMirror fill those in
 * when the order next changes.
 */
export const BACKFILL_ORDERS_BULK_QUERY = `#graphql
  query BackfillOrders {
    orders(query: "${BULK_ORDERS_SEARCH}", sortKey: CREATED_AT) {
      edges {
        node {
          ...MirrorOrderFields
          fulfillments(first: 3) { ...MirrorFulfillmentFields }
          refunds(first: 3) { ...MirrorRefundFields }
          lineItems {
            edges { node { ...MirrorLineItem } }
          }
          returns {
            edges { node { ...MirrorReturnFields } }
          }
        }
      }
    }
  }
${MIRROR_ORDER_FRAGMENTS}`;

/** The bulk query reading the orders that match `search` (Shopify's order search syntax). */
export function backfillOrdersBulkQuery(search: string): string {
  return BACKFILL_ORDERS_BULK_QUERY.replace(BULK_ORDERS_SEARCH, search.replaceAll("\\", "\\\\").replaceAll('"', '\\"'));
}

/** Starts a bulk query; `userErrors` say why Shopify refused (e.g. one is already running). */
export const BULK_OPERATION_RUN_QUERY_MUTATION = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

/** A bulk operation's progress, polled until it is COMPLETED, FAILED or CANCELED. */
export const BULK_OPERATION_STATUS_QUERY = `#graphql
  query BulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        rootObjectCount
        url
        partialDataUrl
        createdAt
        completedAt
      }
    }
  }
`;

/** Reconciliation: the orders updated since a moment, newest last, a page at a time (ids and versions only;
 * the ones newer than the mirror are then read with OrderForMirror). */
export const ORDERS_UPDATED_SINCE_QUERY = `#graphql
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { id updatedAt }
    }
  }
`;

/** The order a return belongs to, for returns/* deliveries that name only the return. */
export const RETURN_ORDER_QUERY = `#graphql
  query ReturnOrderForMirror($id: ID!) {
    return(id: $id) {
      id
      order { id }
    }
  }
`;
