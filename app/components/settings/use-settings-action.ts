import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";

/** What every settings action answers: a success message, or the server's error (with field errors when it has them). */
export type SettingsActionData =
  | { ok: true; message: string }
  | { error: { code: string; message: string; details?: { fieldErrors?: Record<string, string> } } };

export interface Notice {
  tone: "success" | "critical";
  message: string;
}

/** App Bridge's toast inside Shopify admin; null in the demo (no App Bridge), where a Banner shows instead. */
export function appBridgeToast(): ((message: string) => void) | null {
  const bridge = (globalThis as { shopify?: { toast?: { show(message: string): void } } }).shopify;
  return bridge?.toast ? (message) => bridge.toast!.show(message) : null;
}

/**
 * A settings form's save: posts JSON to the page's action, then shows the outcome (a toast, or a Banner in the
 * demo) and exposes the server's field errors. `onSuccess` runs once per successful save (close a modal …).
 */
export function useSettingsAction(onSuccess?: () => void) {
  const fetcher = useFetcher<SettingsActionData>();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const data = fetcher.data;

  useEffect(() => {
    if (fetcher.state !== "idle" || !data) return;
    if ("ok" in data) {
      const toast = appBridgeToast();
      if (toast) {
        toast(data.message);
        setNotice(null);
      } else setNotice({ tone: "success", message: data.message });
      setFieldErrors({});
      onSuccess?.();
    } else {
      setNotice({ tone: "critical", message: data.error.message });
      setFieldErrors(data.error.details?.fieldErrors ?? {});
    }
    // onSuccess is deliberately not a dependency: it runs once per answer, not when the caller re-renders.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, data]);

  return {
    submit: (payload: Record<string, unknown>) =>
      fetcher.submit(payload as never, { method: "post", encType: "application/json" }),
    pending: fetcher.state !== "idle",
    /** The intent being submitted (to show the right button as loading). */
    pendingIntent: fetcher.state !== "idle" ? ((fetcher.json as { intent?: string } | undefined)?.intent ?? null) : null,
    fieldErrors,
    notice,
    dismissNotice: () => setNotice(null),
    /** Clears a previous answer's error when the form is opened again. */
    reset: () => {
      setNotice(null);
      setFieldErrors({});
    },
  };
}
