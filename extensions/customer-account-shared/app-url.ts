// Where the extensions reach the app's backend.
//
// Customer account extensions run in a sandboxed worker on Shopify's domain, so they call the app by its full URL.
// Shopify CLI bundles the extension with esbuild and defines `process.env.<NAME>` for the variables of its own
// environment and of the app's .env file, and sets APP_URL to the tunnel's URL during `shopify app dev`. So:
//   - `shopify app dev`: APP_URL is the dev tunnel (set by the CLI).
//   - `shopify app build` / `deploy`: APP_URL from the environment or .env when set (e.g. APP_URL=https://… in CI),
//     else APPLICATION_URL below, which must equal `application_url` in shopify.app.toml (a test checks).
// When nothing defines it, `process` does not exist in the worker: the try/catch falls back to APPLICATION_URL.

/** Keep equal to application_url in shopify.app.toml (tests/storefront/customer-account-extension.test.ts). */
export const APPLICATION_URL = "https://example.com";

declare const process: { env: Record<string, string | undefined> };

export function appUrl(): string {
  let fromBuild: string | undefined;
  try {
    fromBuild = process.env.APP_URL;
  } catch {
    fromBuild = undefined;
  }
  return (fromBuild || APPLICATION_URL).replace(/\/+$/, "");
}
