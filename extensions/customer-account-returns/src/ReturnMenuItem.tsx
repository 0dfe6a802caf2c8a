import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { formatters } from "../../customer-account-shared/i18n";
import { useOrderAnswer } from "../../customer-account-shared/use-order";

// "Request a return" in the order's action menu (order list and order page). Shown only when the app says
// something on the order can still be returned, or when it could not tell (the modal then explains).

export default async () => {
  render(<ReturnMenuItem />, document.body);
};

function ReturnMenuItem() {
  const f = formatters(shopify);
  const { load } = useOrderAnswer(shopify, shopify.orderId, { view: "menu" });
  if (load.state === "loading") return null;
  if (load.state === "ready" && !load.data.eligibility.eligible) return null;
  if (load.state === "error" && (load.error.status === 401 || load.error.status === 404)) return null;
  return <s-button>{f.t("returns.menuItem")}</s-button>;
}
