import { useEffect, useState, type ReactNode } from "react";

/**
 * Renders `children()` only in the browser, after hydration; `fallback` on the server and in the first client
 * render (so both agree). Polaris Viz measures its container and draws SVG with browser APIs.
 */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return <>{hydrated ? children() : fallback}</>;
}
