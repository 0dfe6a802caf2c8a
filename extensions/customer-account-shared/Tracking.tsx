import type { Formatters } from "./i18n";
import type { Fulfillment, OrderReturn, ShipmentException, StorefrontOrder } from "./types";

// The order's delivery progress as customer account components: a status line, any carrier problem, the
// timeline as an ordered list (each step says in words whether it is done, current or still to come, so a
// screen reader hears what sighted shoppers see), then each shipment with its tracking link.

export function ExceptionBanner({ exception, f }: { exception: ShipmentException | null; f: Formatters }) {
  if (!exception) return null;
  return (
    <s-banner tone={exception.kind === "delayed" ? "warning" : "critical"} heading={f.t(`exception.${exception.kind}.heading`)}>
      <s-text>{exception.message || f.t(`exception.${exception.kind}.body`)}</s-text>
    </s-banner>
  );
}

export function StatusSummary({ order, f }: { order: StorefrontOrder; f: Formatters }) {
  const eta = order.deliveredAt
    ? f.t("tracking.deliveredOn", { date: f.date(order.deliveredAt) })
    : order.estimatedDeliveryAt && !order.cancelled
      ? f.t("tracking.estimatedDelivery", { date: f.date(order.estimatedDeliveryAt) })
      : null;
  return (
    <s-stack gap="small-200">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-text type="strong">{f.t("tracking.statusLabel")}</s-text>
        <s-badge tone={order.cancelled || order.exception ? "critical" : "auto"}>{f.t(`status.${order.status}`)}</s-badge>
      </s-stack>
      {eta ? <s-text>{eta}</s-text> : null}
    </s-stack>
  );
}

export function Timeline({ order, f }: { order: StorefrontOrder; f: Formatters }) {
  if (order.cancelled) return null;
  return (
    <s-ordered-list>
      {order.timeline.steps.map((step) => (
        <s-list-item key={step.key}>
          <s-text type={step.state === "current" ? "strong" : "generic"} color={step.state === "upcoming" ? "subdued" : "base"}>
            {f.t(`status.${step.key}`)}
          </s-text>{" "}
          <s-text color="subdued">
            {step.at && step.state !== "upcoming"
              ? f.t(`step.${step.state}WithDate`, { date: f.date(step.at) })
              : f.t(`step.${step.state}`)}
          </s-text>
        </s-list-item>
      ))}
    </s-ordered-list>
  );
}

const STEP_KEYS = new Set(["ordered", "shipped", "in_transit", "out_for_delivery", "delivered"]);

function ShipmentCard({ fulfillment, index, f }: { fulfillment: Fulfillment; index: number; f: Formatters }) {
  const latest = fulfillment.events[0];
  return (
    <s-stack gap="small-200">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-text type="strong">{f.t("tracking.shipment", { number: index + 1 })}</s-text>
        <s-badge>{f.t(`status.${fulfillment.status}`)}</s-badge>
      </s-stack>
      {fulfillment.carrier || fulfillment.trackingNumber ? (
        <s-text>
          {[fulfillment.carrier, fulfillment.trackingNumber && f.t("tracking.number", { number: fulfillment.trackingNumber })].filter(Boolean).join(" · ")}
        </s-text>
      ) : (
        <s-text color="subdued">{f.t("tracking.noTracking")}</s-text>
      )}
      {fulfillment.deliveredAt ? (
        <s-text>{f.t("tracking.deliveredOn", { date: f.date(fulfillment.deliveredAt) })}</s-text>
      ) : fulfillment.estimatedDeliveryAt ? (
        <s-text>{f.t("tracking.estimatedDelivery", { date: f.date(fulfillment.estimatedDeliveryAt) })}</s-text>
      ) : null}
      {latest ? (
        <s-text color="subdued">
          {f.t("tracking.latestEvent", {
            date: f.date(latest.happenedAt),
            message: latest.message || (STEP_KEYS.has(latest.status) ? f.t(`status.${latest.status}`) : ""),
            location: latest.location ?? "",
          })}
        </s-text>
      ) : null}
      {fulfillment.trackingUrl ? (
        <s-link href={fulfillment.trackingUrl} target="_blank" accessibilityLabel={f.t("tracking.trackLabel", { number: index + 1 })}>
          {f.t("tracking.track")}
        </s-link>
      ) : null}
    </s-stack>
  );
}

export function Shipments({ order, f }: { order: StorefrontOrder; f: Formatters }) {
  const active = order.fulfillments.filter((x) => x.status !== "cancelled");
  if (active.length === 0) return null;
  return (
    <s-stack gap="base">
      {active.map((fulfillment, index) => (
        <ShipmentCard key={fulfillment.id} fulfillment={fulfillment} index={index} f={f} />
      ))}
    </s-stack>
  );
}

function ReturnRow({ ret, f }: { ret: OrderReturn; f: Formatters }) {
  const items = ret.lineItems.map((line) => f.t("returns.itemLine", { quantity: line.quantity, title: line.title })).join(", ");
  return (
    <s-stack gap="small-200">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-text type="strong">{ret.name ?? f.t("returns.unnamed")}</s-text>
        <s-badge tone={ret.status === "declined" ? "critical" : "auto"}>{f.t(`returnStatus.${ret.status}`)}</s-badge>
      </s-stack>
      <s-text color="subdued">{f.t(`returnStatus.${ret.status}Help`, { date: f.date(ret.requestedAt) })}</s-text>
      {items ? <s-text>{items}</s-text> : null}
      {ret.status === "declined" && ret.declineReason ? <s-text>{f.t("returns.declineReason", { reason: ret.declineReason })}</s-text> : null}
      {ret.labelUrl ? (
        <s-link href={ret.labelUrl} target="_blank">
          {f.t("returns.label")}
        </s-link>
      ) : null}
      {ret.tracking?.url ? (
        <s-link href={ret.tracking.url} target="_blank">
          {f.t("returns.trackParcel")}
        </s-link>
      ) : null}
    </s-stack>
  );
}

export function Returns({ order, f }: { order: StorefrontOrder; f: Formatters }) {
  if (order.returns.length === 0 && order.refunds.length === 0) return null;
  return (
    <s-stack gap="base">
      {order.returns.map((ret) => (
        <ReturnRow key={ret.id} ret={ret} f={f} />
      ))}
      {order.refunds.map((refund) => (
        <s-text key={refund.id}>{f.t("returns.refunded", { amount: f.money(refund.amount, refund.currencyCode), date: f.date(refund.processedAt) })}</s-text>
      ))}
    </s-stack>
  );
}
