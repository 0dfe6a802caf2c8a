import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { formatters } from "../../customer-account-shared/i18n";

// "Get help" in the order's action menu (order list and order page); opens the modal in HelpAction.tsx.

export default async () => {
  render(<HelpMenuItem />, document.body);
};

function HelpMenuItem() {
  const f = formatters(shopify);
  return <s-button>{f.t("help.menuItem")}</s-button>;
}
