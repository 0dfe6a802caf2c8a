import { AppError } from "../../errors.server";

/**
 * The body of a settings action: the pages submit JSON (nested sections such as business hours); plain form
 * posts work too (each field once). Anything else is a 400.
 */
export async function readSettingsInput(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body: unknown = await request.json().catch(() => undefined);
    if (!body || typeof body !== "object" || Array.isArray(body)) {
      throw new AppError("bad_request", "The form could not be read. Reload the page and try again.");
    }
    return body as Record<string, unknown>;
  }
  const form = await request.formData().catch(() => {
    throw new AppError("bad_request", "The form could not be read. Reload the page and try again.");
  });
  return Object.fromEntries(form);
}

/** The action's `intent`, one of the given ones; otherwise a 400 listing them. */
export function readIntent<T extends string>(input: Record<string, unknown>, intents: readonly T[]): T {
  const intent = input.intent;
  if (typeof intent === "string" && (intents as readonly string[]).includes(intent)) return intent as T;
  throw new AppError("bad_request", `Unknown action${typeof intent === "string" ? ` “${intent}”` : ""}: use one of ${intents.join(", ")}.`);
}

/** For loaders: an AppError becomes its JSON response (shared with every admin route). */
export { appErrorsAsResponses as orThrow } from "../../errors.server";
