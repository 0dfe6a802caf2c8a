import { useCallback, useEffect, useState } from "preact/hooks";
import { AppApiError, callApp, numericId, type SessionTokenApi } from "./api";
import type { OrderAnswer } from "./types";

export type Load<T> = { state: "loading" } | { state: "ready"; data: T } | { state: "error"; error: AppApiError };

/** The order as the app knows it (tracking, returns, what can be returned), for the signed-in customer. */
export function useOrderAnswer(api: SessionTokenApi, orderGid: string | undefined, options: { view?: "menu" } = {}) {
  const query = options.view ? `?view=${options.view}` : "";
  const [load, setLoad] = useState<Load<OrderAnswer>>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!orderGid) return;
    let live = true;
    setLoad({ state: "loading" });
    callApp<OrderAnswer>(api, `/api/customer-account/orders/${numericId(orderGid)}${query}`)
      .then((data) => live && setLoad({ state: "ready", data }))
      .catch((error: unknown) => {
        if (!live) return;
        setLoad({ state: "error", error: error instanceof AppApiError ? error : new AppApiError(0, "network", String(error)) });
      });
    return () => {
      live = false;
    };
  }, [api, orderGid, query, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { load, retry };
}

/** The translation key of a failed call, by what the shopper can do about it. */
export function errorKey(error: AppApiError): string {
  if (error.status === 0) return "errors.network";
  if (error.status === 401) return "errors.signedOut";
  if (error.status === 404) return "errors.notFound";
  if (error.status === 409) return "errors.conflict";
  if (error.status === 429) return "errors.rateLimited";
  if (error.status === 400) return "errors.invalid";
  return "errors.unavailable";
}
