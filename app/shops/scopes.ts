// The access scopes a shop granted (Shop.scopes, comma-separated as Shopify reports them), for every capability
// that depends on an optional or later-added scope (subscriptions, disputes, …). Client-safe.

/** The granted scopes as a list; null when the shop's scopes are not known (never recorded). */
export function grantedScopes(scopes: string | null | undefined): string[] | null {
  if (scopes === null || scopes === undefined) return null;
  return scopes
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Whether the shop granted every scope named. write_* implies read_* of the same resource, as Shopify grants it.
 * Unknown scopes (null) count as not granted; a caller that would rather try then (and handle ACCESS_DENIED)
 * checks `scopes === null` itself.
 */
export function hasScopes(scopes: string | null | undefined, needed: readonly string[]): boolean {
  const granted = grantedScopes(scopes);
  if (!granted) return false;
  return needed.every((s) => granted.includes(s) || (s.startsWith("read_") && granted.includes(`write_${s.slice(5)}`)));
}
