// Shared by the theme extension tests: a storefront-like page in jsdom and axe-core run inside it.
import axe from "axe-core";
import { JSDOM, VirtualConsole } from "jsdom";

/** axe-core violations of the page, one line each (empty = clean). */
export async function axeViolations(dom: JSDOM) {
  dom.window.eval(axe.source);
  const run = (dom.window as unknown as { axe: typeof axe }).axe.run(dom.window.document, {
    // jsdom does no layout or painting, so axe cannot compute colour contrast; the blocks take their colours
    // from the theme (inherit / currentColor), and the accent's text colour is chosen by brightness in Liquid.
    rules: { "color-contrast": { enabled: false } },
  });
  return (await run).violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** A minimal storefront page around some block HTML; scripts run only when a test evaluates them. */
export function page(body: string, lang = "en", url = "https://northwind.example/pages/support"): JSDOM {
  return new JSDOM(`<!DOCTYPE html><html lang="${lang}"><head><title>Support</title></head><body><main>${body}</main></body></html>`, {
    runScripts: "outside-only",
    url,
    // Script errors still reach console.error (and fail the test); "not implemented" notices do not: axe-core
    // probes <canvas>, which jsdom lacks, and falls back by itself.
    virtualConsole: new VirtualConsole().forwardTo(console, { jsdomErrors: ["unhandled-exception", "css-parsing", "resource-loading"] }),
  });
}
