import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { ErrorBanner, Loading } from "../../customer-account-shared/Feedback";
import { formatters } from "../../customer-account-shared/i18n";
import { ReceiptActions } from "../../customer-account-shared/Receipt";
import { ExceptionBanner, Returns, Shipments, StatusSummary, Timeline } from "../../customer-account-shared/Tracking";
import { useOrderAnswer } from "../../customer-account-shared/use-order";

// On the order page: where the order is (timeline, each shipment's carrier and tracking link) and how its
// returns stand, from the app's order mirror (which also knows carrier events Shopify's page does not show); and
// "Email me my receipt" (to the order's own email) with the order status page link.

export default async () => {
  render(<OrderStatusBlock />, document.body);
};

function OrderStatusBlock() {
  const f = formatters(shopify);
  const orderGid = shopify.order.value?.id;
  const { load, retry } = useOrderAnswer(shopify, orderGid);
  if (!orderGid) return null;
  return (
    <s-section heading={f.t("block.heading")}>
      {load.state === "loading" ? (
        <Loading f={f} />
      ) : load.state === "error" ? (
        load.error.status === 404 ? (
          <s-text color="subdued">{f.t("block.notYet")}</s-text>
        ) : (
          <ErrorBanner error={load.error} f={f} onRetry={retry} />
        )
      ) : (
        <s-stack gap="base">
          <StatusSummary order={load.data.order} f={f} />
          <ExceptionBanner exception={load.data.order.exception} f={f} />
          <Timeline order={load.data.order} f={f} />
          <Shipments order={load.data.order} f={f} />
          {load.data.order.returns.length > 0 || load.data.order.refunds.length > 0 ? (
            <s-stack gap="small-200">
              <s-heading>{f.t("block.returnsHeading")}</s-heading>
              <Returns order={load.data.order} f={f} />
            </s-stack>
          ) : null}
          <ReceiptActions api={shopify} order={load.data.order} f={f} />
        </s-stack>
      )}
    </s-section>
  );
}
