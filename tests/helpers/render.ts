import { createElement, type ComponentType, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";

/**
 * Server-renders `element` at `url` under a Remix stub route (`routePath`, e.g. "/app/cases/:id") whose loader
 * returns `data`, inside Polaris' AppProvider (as the app layout does in demo mode), so a runtime error in a
 * component fails the test.
 */
export function renderInRoute(
  url: string,
  routePath: string,
  Component: ComponentType,
  data: unknown = null,
  { actionData }: { actionData?: unknown } = {},
): string {
  const Stub = createRemixStub([{ id: "page", path: routePath, Component, loader: () => json(data) }]);
  // The stub renders a browser router (RouterProvider), whose own useLayoutEffect warns on the server; Remix's
  // real server render uses a static router. Only that warning, from that component, is dropped.
  const error = console.error;
  console.error = (...args: unknown[]) => {
    const routerWarning =
      String(args[0]).includes("useLayoutEffect does nothing on the server") && /^\s*at RouterProvider/m.test(String(args[1] ?? ""));
    if (!routerWarning) error(...args);
  };
  try {
    const tree: ReactElement = createElement(Stub, { initialEntries: [url], hydrationData: { loaderData: { page: data }, ...(actionData === undefined ? {} : { actionData: { page: actionData } }) } });
    return renderToString(createElement(AppProvider, { i18n: polarisEn }, tree));
  } finally {
    console.error = error;
  }
}

/** A route page with the data its loader answered. `routePath` defaults to the url's path. */
export async function renderRoute(url: string, Component: ComponentType, loaderResponse: Response, routePath?: string): Promise<string> {
  return renderInRoute(url, routePath ?? url.split("?")[0], Component, await loaderResponse.json());
}
