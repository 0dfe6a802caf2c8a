// Admin GraphQL operations of the order mirror (app/orders). Validated against the committed Admin 2026-07
// schema by tests/config/shopify-config.test.ts; answered in tests and demo by tests/mocks/shopify-admin-orders.ts.
//
// Connection sizes keep the requested cost (estimated at ~630 points by tests/orders/order-query.test.ts)
// under Shopify's single-query limit of 1,000: an order with more lines, fulfillments, refunds or returns
// than fetched here is mirrored with the first ones, and its webhooks fill in the rest as they change.

/** One order with everything the mirror keeps: lines (product type and tags), fulfillments with tracking and
 * carrier events, refunds with lines, returns with lines and return tracking, and the customer. */
export const ORDER_FOR_MIRROR_QUERY = `#graphql
  query OrderForMirror($id: ID!) {
    order(id: $id) {
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
      lineItems(first: 20) {
        nodes {
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
      }
      fulfillments(first: 3) {
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
        fulfillmentLineItems(first: 10) {
          nodes { id quantity lineItem { id } }
        }
        events(first: 10, sortKey: HAPPENED_AT) {
          nodes { id status message city province country estimatedDeliveryAt happenedAt }
        }
      }
      refunds(first: 3) {
        id
        note
        createdAt
        processedAt
        totalRefundedSet { shopMoney { amount currencyCode } }
        return { id }
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
          id
          name
          status
          createdAt
          requestApprovedAt
          closedAt
          decline { reason note }
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

/** The order a return belongs to, for returns/* deliveries that name only the return. */
export const RETURN_ORDER_QUERY = `#graphql
  query ReturnOrderForMirror($id: ID!) {
    return(id: $id) {
      id
      order { id }
    }
  }
`;
