/**
 * Idempotency keys for the case's confirmed staff actions (refund, cancel, return decisions, receipt, payment-method
 * email). The server applies a key once, so a double click or a retry after a timeout repeats the same request
 * instead of acting twice; a new action needs a new key.
 */

/** What the case's action routes answer. */
export type ActionAnswer = { ok: true; message: string } | { error: { code: string; message: string; details?: { outcome?: string } } };

export function newIdempotencyKey(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * Whether a refused answer may still have acted: Shopify gave no clear answer (outcome "unknown"), or the same key is
 * still being applied (conflict). Sending again must then reuse the key (it is the same action); after a clear
 * refusal or a success, the next send is a new action with a new key.
 */
export function mayHaveActed(answer: ActionAnswer): boolean {
  return "error" in answer && (answer.error.details?.outcome === "unknown" || answer.error.code === "conflict");
}
