import { useState, type ReactNode } from "react";
import { Link, useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, Modal, Text } from "@shopify/polaris";
import type { CustomerPanel as Panel, PanelOrder, SubscriptionsResult } from "../../cases/customer-panel.server";
import { t } from "../../i18n/en";
import { formatDate, formatDateTime, formatMoney, humanise } from "./format";
import { EvidencePackButton } from "./EvidencePackButton";
import { PaymentMethodEmailButton } from "./PaymentMethodEmailButton";
import { PaymentsSection } from "./PaymentsSection";

const FINANCIAL_TONE: Record<string, "success" | "attention" | "warning" | "critical" | "info" | undefined> = {
  PAID: "success",
  PENDING: "attention",
  AUTHORIZED: "attention",
  PARTIALLY_PAID: "warning",
  PARTIALLY_REFUNDED: "warning",
  REFUNDED: "info",
  VOIDED: "critical",
  EXPIRED: "critical",
};
const FULFILLMENT_TONE: Record<string, "success" | "attention" | "warning" | "info" | undefined> = {
  FULFILLED: "success",
  PARTIALLY_FULFILLED: "warning",
  UNFULFILLED: "attention",
  ON_HOLD: "warning",
};
const RETURN_TONE: Record<string, "success" | "attention" | "warning" | "critical" | "info" | undefined> = {
  REQUESTED: "attention",
  OPEN: "info",
  DECLINED: "critical",
  CANCELED: undefined,
  CLOSED: "success",
};

interface Props {
  caseId: string;
  panel: Panel;
  subscriptions: SubscriptionsResult;
  timeZone: string;
  /** Where the order actions (refund, cancel, return decisions) are rendered for an order. */
  renderOrderActions?: (order: PanelOrder) => ReactNode;
}

/** The customer beside the conversation: who, what they bought, and where each linked order stands. */
export function CustomerPanel({ caseId, panel, subscriptions, timeZone, renderOrderActions }: Props) {
  const { customer, lifetime } = panel;
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("case.customer.heading")}
            </Text>
            {lifetime.firstTimeBuyer ? <Badge tone="info">{t("case.customer.firstTime")}</Badge> : null}
          </InlineStack>
          {customer.redacted ? (
            <Text as="p" tone="subdued">
              {t("case.customer.redacted")}
            </Text>
          ) : (
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold">
                {customer.name ?? t("case.customer.unnamed")}
              </Text>
              {customer.email ? <Text as="p">{customer.email}</Text> : null}
              {customer.phone ? <Text as="p">{customer.phone}</Text> : null}
              {!customer.id ? (
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("case.customer.guest")}
                </Text>
              ) : null}
            </BlockStack>
          )}
          {customer.tags.length > 0 ? (
            <InlineStack gap="100">
              {customer.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </InlineStack>
          ) : null}
          <InlineStack gap="600">
            <BlockStack gap="050">
              <Text as="span" tone="subdued" variant="bodySm">
                {t("case.customer.orders")}
              </Text>
              <Text as="span" variant="headingSm" numeric>
                {lifetime.orders.toLocaleString("en")}
              </Text>
            </BlockStack>
            <BlockStack gap="050">
              <Text as="span" tone="subdued" variant="bodySm">
                {t("case.customer.spent")}
              </Text>
              <Text as="span" variant="headingSm" numeric>
                {formatMoney(lifetime.spent, lifetime.currencyCode)}
              </Text>
            </BlockStack>
          </InlineStack>
          <Divider />
          <Text as="h3" variant="headingSm">
            {t("case.customer.otherCases")}
          </Text>
          {panel.otherCases.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("case.customer.noOtherCases")}
            </Text>
          ) : (
            <BlockStack gap="100">
              {panel.otherCases.map((c) => (
                <InlineStack key={c.id} align="space-between" gap="200" wrap={false}>
                  <Link to={`/app/cases/${c.id}`}>{`#${c.number} · ${c.subject}`}</Link>
                  <Badge tone={c.status === "OPEN" ? "attention" : undefined}>{t(`case.status.${c.status}`)}</Badge>
                </InlineStack>
              ))}
            </BlockStack>
          )}
        </BlockStack>
      </Card>

      {panel.orders.length === 0 ? (
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("case.order.heading")}
            </Text>
            <Text as="p" tone="subdued">
              {t("case.order.none")}
            </Text>
          </BlockStack>
        </Card>
      ) : (
        panel.orders.map((order) => (
          <OrderCard key={order.id} caseId={caseId} order={order} timeZone={timeZone} actions={renderOrderActions?.(order)} recipient={panel.customer.email} />
        ))
      )}

      <SubscriptionsCard caseId={caseId} result={subscriptions} timeZone={timeZone} />
    </BlockStack>
  );
}

function OrderCard({ caseId, order, timeZone, actions, recipient }: { caseId: string; order: PanelOrder; timeZone: string; actions: ReactNode; recipient: string | null }) {
  const resend = useFetcher<{ ok: true } | { error: { message: string } }>();
  const [confirmResend, setConfirmResend] = useState(false);
  const trackable = order.fulfillments.find((f) => f.trackingUrl && f.status !== "CANCELLED");
  const resendError = resend.state === "idle" && resend.data && "error" in resend.data ? resend.data.error.message : null;
  const resent = resend.state === "idle" && resend.data && "ok" in resend.data;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t("case.order.title", { name: order.name })}
          </Text>
          <Text as="span" variant="headingSm" numeric>
            {formatMoney(order.totalPrice, order.currencyCode)}
          </Text>
        </InlineStack>
        <InlineStack gap="100">
          <Badge tone={FINANCIAL_TONE[order.financialStatus]}>{t(`case.financial.${order.financialStatus}`)}</Badge>
          <Badge tone={FULFILLMENT_TONE[order.fulfillmentStatus]}>{t(`case.fulfillment.${order.fulfillmentStatus}`)}</Badge>
          {order.cancelledAt ? <Badge tone="critical">{t("case.order.cancelled")}</Badge> : null}
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {t("case.order.placed", { date: formatDate(order.processedAt, timeZone) })}
          {order.shippingMethod ? ` · ${order.shippingMethod}` : ""}
        </Text>

        <BlockStack gap="100">
          {order.lineItems.map((l) => (
            <InlineStack key={l.id} align="space-between" gap="200" wrap={false}>
              <Text as="span" variant="bodySm">
                {`${l.quantity} × ${l.title}${l.variantTitle ? ` · ${l.variantTitle}` : ""}`}
              </Text>
              <Text as="span" variant="bodySm" numeric>
                {formatMoney(l.price, order.currencyCode)}
              </Text>
            </InlineStack>
          ))}
        </BlockStack>

        {order.fulfillments.length > 0 ? (
          <BlockStack gap="200">
            <Divider />
            <Text as="h3" variant="headingSm">
              {t("case.order.shipments")}
            </Text>
            {order.fulfillments.map((f) => (
              <Box key={f.id} padding="200" background="bg-surface-secondary" borderRadius="200">
                <BlockStack gap="100">
                  <InlineStack align="space-between" gap="200">
                    <Text as="span" fontWeight="semibold" variant="bodySm">
                      {[f.carrier, f.name].filter(Boolean).join(" · ") || t("case.event.carrierUnknown")}
                    </Text>
                    <Badge tone={f.deliveredAt ? "success" : f.shipmentStatus === "FAILURE" ? "critical" : f.status === "CANCELLED" ? undefined : "info"}>
                      {f.status === "CANCELLED" ? t("case.order.shipmentCancelled") : f.shipmentStatus ? humanise(f.shipmentStatus) : t("case.order.shipped")}
                    </Badge>
                  </InlineStack>
                  {f.trackingNumber ? (
                    <Text as="p" variant="bodySm">
                      {t("case.order.tracking")}{" "}
                      {f.trackingUrl ? (
                        <a href={f.trackingUrl} target="_blank" rel="noopener noreferrer nofollow">
                          {f.trackingNumber}
                        </a>
                      ) : (
                        f.trackingNumber
                      )}
                    </Text>
                  ) : null}
                  {f.moreTracking.map((m) => (
                    <Text as="p" variant="bodySm" key={m.number}>
                      {m.url ? (
                        <a href={m.url} target="_blank" rel="noopener noreferrer nofollow">
                          {m.number}
                        </a>
                      ) : (
                        m.number
                      )}
                    </Text>
                  ))}
                  <Text as="p" variant="bodySm" tone="subdued">
                    {t("case.order.shippedAt", { date: formatDate(f.shippedAt, timeZone) })}
                    {f.deliveredAt ? ` · ${t("case.order.deliveredAt", { date: formatDateTime(f.deliveredAt, timeZone) })}` : ""}
                    {!f.deliveredAt && f.estimatedDeliveryAt ? ` · ${t("case.order.eta", { date: formatDate(f.estimatedDeliveryAt, timeZone) })}` : ""}
                  </Text>
                  {f.lastEvent && !f.deliveredAt ? (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {[f.lastEvent.message ?? humanise(f.lastEvent.status), f.lastEvent.place, formatDateTime(f.lastEvent.at, timeZone)].filter(Boolean).join(" · ")}
                    </Text>
                  ) : null}
                </BlockStack>
              </Box>
            ))}
            {trackable ? (
              <>
                <Button size="slim" loading={resend.state !== "idle"} onClick={() => setConfirmResend(true)} accessibilityLabel={t("case.order.resendLabel", { name: order.name })}>
                  {t("case.order.resend")}
                </Button>
                <Modal
                  open={confirmResend}
                  onClose={() => setConfirmResend(false)}
                  title={t("case.order.resendConfirmTitle", { name: order.name })}
                  primaryAction={{
                    content: t("case.order.resendConfirm"),
                    onAction: () => {
                      setConfirmResend(false);
                      resend.submit({ intent: "resend-tracking", orderId: order.id, fulfillmentId: trackable.id }, { method: "post", action: `/app/cases/${caseId}` });
                    },
                  }}
                  secondaryActions={[{ content: t("case.order.resendCancel"), onAction: () => setConfirmResend(false) }]}
                >
                  <Modal.Section>
                    <Text as="p">{t("case.order.resendConfirmBody", { to: recipient ?? t("case.order.resendNoRecipient") })}</Text>
                  </Modal.Section>
                </Modal>
              </>
            ) : null}
            {resent ? (
              <Text as="p" tone="success" variant="bodySm">
                {t("case.order.resent")}
              </Text>
            ) : null}
            {resendError ? (
              <Text as="p" tone="critical" variant="bodySm">
                {resendError}
              </Text>
            ) : null}
          </BlockStack>
        ) : null}

        {order.refunds.length > 0 ? (
          <BlockStack gap="100">
            <Divider />
            <Text as="h3" variant="headingSm">
              {t("case.order.refunds")}
            </Text>
            {order.refunds.map((r) => (
              <Text as="p" variant="bodySm" key={r.id}>
                {t("case.order.refundLine", { amount: formatMoney(r.amount, r.currencyCode), date: formatDate(r.processedAt, timeZone) })}
                {r.items.length > 0 ? ` · ${r.items.map((i) => `${i.quantity} × ${i.title}`).join(", ")}` : ""}
                {r.restocked ? ` · ${t("case.order.restocked")}` : ""}
                {r.note ? ` · ${r.note}` : ""}
              </Text>
            ))}
          </BlockStack>
        ) : null}

        {order.returns.length > 0 ? (
          <BlockStack gap="200">
            <Divider />
            <Text as="h3" variant="headingSm">
              {t("case.order.returns")}
            </Text>
            {order.returns.map((r) => (
              <BlockStack gap="100" key={r.id}>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" variant="bodySm" fontWeight="semibold">
                    {r.name ?? t("case.event.returnUnnamed")}
                  </Text>
                  <Badge tone={RETURN_TONE[r.status]}>{t(`case.return.${r.status}`)}</Badge>
                </InlineStack>
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("case.order.returnRequested", { date: formatDate(r.requestedAt, timeZone) })}
                  {r.declineReason ? ` · ${humanise(r.declineReason)}` : ""}
                </Text>
                {r.items.map((i, idx) => (
                  <Text as="p" variant="bodySm" key={idx}>
                    {`${i.quantity} × ${i.title} · ${humanise(i.reason)}${i.note ? ` — “${i.note}”` : ""}`}
                  </Text>
                ))}
                {r.reverseTracking ? (
                  <Text as="p" variant="bodySm">
                    {t("case.order.returnParcel")}{" "}
                    {r.reverseTracking.url ? (
                      <a href={r.reverseTracking.url} target="_blank" rel="noopener noreferrer nofollow">
                        {r.reverseTracking.number ?? r.reverseTracking.carrier ?? t("case.order.trackingLink")}
                      </a>
                    ) : (
                      r.reverseTracking.number
                    )}
                  </Text>
                ) : null}
              </BlockStack>
            ))}
          </BlockStack>
        ) : null}

        <PaymentsSection caseId={caseId} order={order} timeZone={timeZone} />

        <EvidencePackButton orderId={order.id} orderName={order.name} />

        {/* ORDER ACTIONS SLOT: the lead wires <OrderActionsPanel caseId={caseId} order={...} /> here
            (app/components/order-actions, loadOrderActionContext in app/orders/actions/context.server.ts). */}
        {actions ? (
          <>
            <Divider />
            {actions}
          </>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function SubscriptionsCard({ caseId, result, timeZone }: { caseId: string; result: SubscriptionsResult; timeZone: string }) {
  if (result.state === "none") return null;
  if (result.state === "unavailable") {
    return (
      <Text as="p" tone="subdued" variant="bodySm">
        {t(result.reason === "scope" ? "case.subscriptions.noScope" : "case.subscriptions.unavailable")}
      </Text>
    );
  }
  if (result.contracts.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("case.subscriptions.heading")}
        </Text>
        {result.contracts.map((c) => (
          <BlockStack gap="100" key={c.id}>
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={c.status === "ACTIVE" ? "success" : c.status === "FAILED" ? "critical" : c.status === "PAUSED" ? "warning" : undefined}>{humanise(c.status)}</Badge>
              {c.interval ? (
                <Text as="span" variant="bodySm" tone="subdued">
                  {intervalText(c.interval)}
                </Text>
              ) : null}
            </InlineStack>
            {c.items.map((i) => (
              <Text as="p" variant="bodySm" key={i}>
                {i}
              </Text>
            ))}
            {c.nextBillingDate ? (
              <Text as="p" variant="bodySm">
                {t("case.subscriptions.next", { date: formatDate(c.nextBillingDate, timeZone) })}
              </Text>
            ) : null}
            {c.lastFailedPayment ? (
              <Text as="p" variant="bodySm" tone={c.lastFailedPayment.recoveredAt ? "subdued" : "critical"}>
                {t("case.subscriptions.failed", { date: formatDate(c.lastFailedPayment.at, timeZone), reason: c.lastFailedPayment.reason })}
                {c.lastFailedPayment.recoveredAt ? ` · ${t("subscriptions.panel.recovered", { date: formatDate(c.lastFailedPayment.recoveredAt, timeZone) })}` : ""}
              </Text>
            ) : null}
            {c.cancelledAt ? (
              <Text as="p" variant="bodySm" tone="subdued">
                {t("subscriptions.panel.cancelled", { date: formatDate(c.cancelledAt, timeZone) })}
              </Text>
            ) : null}
            {result.canEmail && !["CANCELLED", "EXPIRED"].includes(c.status) ? (
              <InlineStack>
                <PaymentMethodEmailButton caseId={caseId} contractId={c.id} />
              </InlineStack>
            ) : null}
          </BlockStack>
        ))}
        <Text as="p" tone="subdued" variant="bodySm">
          {t("case.subscriptions.readOnly")}
        </Text>
      </BlockStack>
    </Card>
  );
}

function intervalText(interval: string): string {
  const [count, unit] = interval.split(":");
  const n = Number(count);
  const word = (unit ?? "").toLowerCase();
  return n === 1 ? t("case.subscriptions.every", { unit: word }) : t("case.subscriptions.everyN", { count: n, unit: `${word}s` });
}
