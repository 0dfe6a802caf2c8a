import { useMemo } from "react";
import { Badge, BlockStack, Box, Button, Divider, InlineStack, Text } from "@shopify/polaris";
import type { PanelOrder } from "../../cases/customer-panel.server";
import type { PanelTransaction } from "../../cases/order-payments.server";
import { t } from "../../i18n/en";
import { ConfirmSubmitButton } from "./ConfirmSubmitButton";
import { formatDate, formatDateTime, formatMoney, humanise } from "./format";

// The payment side of an order in the case's panel: the financial status and payment terms, every transaction
// (failed attempts highlighted with Shopify's reason in plain words), items that need no shipping with whether
// they were fulfilled, the order status page, and "Send receipt" — Shopify's order confirmation emailed to the
// order's own address through /app/cases/:id/order-actions (one idempotency key per confirmation). Moves no money.

const STATUS_TONE: Record<string, "success" | "critical" | "attention" | "info" | undefined> = {
  SUCCESS: "success",
  FAILURE: "critical",
  ERROR: "critical",
  PENDING: "attention",
  AWAITING_RESPONSE: "attention",
};

export function PaymentsSection({ caseId, order, timeZone }: { caseId: string; order: PanelOrder; timeZone: string }) {
  const { payments } = order;
  const overdue =
    payments.paymentDueAt !== null &&
    Date.parse(payments.paymentDueAt) < Date.now() &&
    order.financialStatus !== "PAID" &&
    order.financialStatus !== "REFUNDED" &&
    order.financialStatus !== "PARTIALLY_REFUNDED";
  return (
    <BlockStack gap="200">
      <Divider />
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="h3" variant="headingSm">
          {t("payments.heading")}
        </Text>
        <InlineStack gap="100">
          <Badge tone={order.financialStatus === "PAID" ? "success" : order.financialStatus === "VOIDED" || order.financialStatus === "EXPIRED" ? "critical" : "attention"}>
            {t(`case.financial.${order.financialStatus}`)}
          </Badge>
          {payments.failedCount > 0 ? <Badge tone="critical">{t("payments.failedCount", { count: payments.failedCount })}</Badge> : null}
        </InlineStack>
      </InlineStack>
      {payments.paymentGateways.length > 0 ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {t("payments.gateways", { gateways: payments.paymentGateways.map(humanise).join(", ") })}
        </Text>
      ) : null}
      {payments.paymentTermsName ? (
        <InlineStack gap="200" blockAlign="center">
          <Text as="p" variant="bodySm">
            {payments.paymentDueAt
              ? t("payments.termsDue", { name: payments.paymentTermsName, date: formatDate(payments.paymentDueAt, timeZone) })
              : t("payments.terms", { name: payments.paymentTermsName })}
          </Text>
          {overdue ? <Badge tone="critical">{t("payments.overdue")}</Badge> : null}
        </InlineStack>
      ) : null}

      <Text as="h4" variant="headingXs">
        {t("payments.transactions")}
      </Text>
      {payments.transactions.length === 0 ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {t("payments.noTransactions")}
        </Text>
      ) : (
        <BlockStack gap="100">
          {payments.transactions.map((tx) => (
            <TransactionRow key={tx.id} tx={tx} timeZone={timeZone} />
          ))}
        </BlockStack>
      )}

      {payments.noShippingItems.length > 0 ? (
        <BlockStack gap="100">
          <Text as="h4" variant="headingXs">
            {t("payments.noShippingHeading")}
          </Text>
          {payments.noShippingItems.map((item) => (
            <InlineStack key={item.id} gap="200" blockAlign="center" wrap={false}>
              <Text as="span" variant="bodySm">
                {`${item.quantity} × ${item.title}${item.variantTitle ? ` · ${item.variantTitle}` : ""}`}
              </Text>
              <Badge tone="info">{t("payments.noShipping")}</Badge>
              <Badge tone={item.fulfilledQuantity >= item.quantity ? "success" : "attention"}>
                {item.fulfilledQuantity >= item.quantity ? t("payments.noShippingFulfilled") : t("payments.noShippingNotFulfilled")}
              </Badge>
            </InlineStack>
          ))}
        </BlockStack>
      ) : null}

      <InlineStack gap="200" blockAlign="center">
        {order.statusPageUrl ? (
          <Button size="slim" url={order.statusPageUrl} target="_blank" accessibilityLabel={t("payments.statusPageLabel", { order: order.name })}>
            {t("payments.statusPage")}
          </Button>
        ) : null}
        <SendReceipt caseId={caseId} orderId={order.id} orderName={order.name} email={payments.email} />
      </InlineStack>
    </BlockStack>
  );
}

function TransactionRow({ tx, timeZone }: { tx: PanelTransaction; timeZone: string }) {
  const card = tx.lastFour
    ? tx.cardBrand
      ? t("payments.card", { brand: tx.cardBrand, last4: tx.lastFour })
      : t("payments.cardNoBrand", { last4: tx.lastFour })
    : null;
  const details = [card, tx.gateway ? humanise(tx.gateway) : null, formatDateTime(tx.processedAt, timeZone)].filter(Boolean).join(" · ");
  return (
    <Box
      padding="200"
      borderRadius="200"
      background={tx.failed ? "bg-surface-critical" : "bg-surface-secondary"}
    >
      <BlockStack gap="050">
        <InlineStack align="space-between" gap="200" wrap={false}>
          <InlineStack gap="100" blockAlign="center">
            <Text as="span" variant="bodySm" fontWeight="semibold">
              {t(`payments.kind.${tx.kind}`)}
            </Text>
            <Badge tone={STATUS_TONE[tx.status]}>{t(`payments.status.${tx.status}`)}</Badge>
            {tx.test ? <Badge>{t("payments.test")}</Badge> : null}
          </InlineStack>
          <Text as="span" variant="bodySm" numeric tone={tx.failed ? "critical" : undefined}>
            {formatMoney(tx.amount, tx.currencyCode)}
          </Text>
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {details}
        </Text>
        {tx.failed ? (
          <Text as="p" variant="bodySm" tone="critical">
            {[tx.errorText, tx.errorCode ? `(${tx.errorCode})` : null].filter(Boolean).join(" ") + (tx.message ? ` · ${tx.message}` : "")}
          </Text>
        ) : null}
      </BlockStack>
    </Box>
  );
}

function SendReceipt({ caseId, orderId, orderName, email }: { caseId: string; orderId: string; orderName: string; email: string | null }) {
  const fields = useMemo(() => ({ intent: "send-receipt", orderId }), [orderId]);
  if (!email) {
    return (
      <Text as="span" variant="bodySm" tone="subdued">
        {t("payments.receipt.noEmail")}
      </Text>
    );
  }
  return (
    <ConfirmSubmitButton
      action={`/app/cases/${caseId}/order-actions`}
      fields={fields}
      label={t("payments.receipt.button")}
      accessibilityLabel={t("payments.receipt.buttonLabel", { order: orderName })}
      title={t("payments.receipt.confirmTitle", { order: orderName })}
      body={t("payments.receipt.confirmBody", { order: orderName, email })}
      confirmLabel={t("payments.receipt.confirm")}
      cancelLabel={t("payments.receipt.cancel")}
    />
  );
}
