import { appUrl } from "./app-url";

/** The one part of the extension API the backend calls need. */
export interface SessionTokenApi {
  sessionToken: { get(): Promise<string> };
}

/** A failed call: `status` 0 when the app could not be reached at all. */
export class AppApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Calls the app backend with the customer's session token (Authorization: Bearer); the server verifies it and
 * answers only about the token's customer. JSON in, JSON out; errors come back as AppApiError.
 */
export async function callApp<T>(api: SessionTokenApi, path: string, init: { method?: "GET" | "POST"; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    const token = await api.sessionToken.get();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    response = await fetch(`${appUrl()}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    throw new AppApiError(0, "network", error instanceof Error ? error.message : String(error));
  }
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: { fieldErrors?: Record<string, string> } } } | null)?.error;
    throw new AppApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.details?.fieldErrors ?? {});
  }
  return payload as T;
}

/** The numeric id of a GID (`gid://shopify/Order/123` → `123`); the id itself when it already is one. */
export function numericId(gid: string): string {
  const match = /(\d+)(?:\?.*)?$/.exec(gid);
  return match ? match[1] : gid;
}
