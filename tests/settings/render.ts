import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { json } from "@remix-run/node";
import { createRemixStub } from "@remix-run/testing";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";

/**
 * Server-renders a route component with the data its loader returned, inside Polaris' AppProvider (as the app
 * layout does in demo mode), so a runtime error in the component fails the test.
 */
export async function renderRoute(path: string, Component: ComponentType, loaderResponse: Response): Promise<string> {
  const data: unknown = await loaderResponse.json();
  const Stub = createRemixStub([{ id: "page", path, Component, loader: () => json(data) }]);
  // The stub renders a browser router (RouterProvider), whose own useLayoutEffect warns on the server; Remix's
  // real server render uses a static router. Only that warning, from that component, is dropped.
  const error = console.error;
  console.error = (...args: unknown[]) => {
    const routerWarning =
      String(args[0]).includes("useLayoutEffect does nothing on the server") && /^\s*at RouterProvider/.test(String(args[1] ?? ""));
    if (!routerWarning) error(...args);
  };
  try {
    return renderToString(
      createElement(AppProvider, { i18n: polarisEn }, createElement(Stub, { initialEntries: [path], hydrationData: { loaderData: { page: data } } })),
    );
  } finally {
    console.error = error;
  }
}
