// Macro templates: the catalogue of {{variables}} a saved reply may use, and the pure functions that check and
// fill a body. Shared by the server (app/cases/macros.server.ts validates and renders for a case) and the
// browser (the macro editor's variable picker and live preview), so both read the same rules.

export interface MacroVariable {
  name: string;
  description: string;
  /** What the variable looks like when filled: used by the editor's live preview. */
  example: string;
}

export const MACRO_VARIABLES = [
  { name: "customer.first_name", description: "The customer's first name", example: "Maya" },
  { name: "customer.last_name", description: "The customer's last name", example: "Lindqvist" },
  { name: "customer.full_name", description: "The customer's first and last name", example: "Maya Lindqvist" },
  { name: "customer.email", description: "The customer's email address", example: "maya@example.com" },
  { name: "order.name", description: "The order's number as the customer sees it", example: "#1042" },
  {
    name: "order.status",
    description: "Where the order is, in plain words (being prepared, shipped, in transit, delivered, refunded, cancelled …)",
    example: "in transit",
  },
  { name: "order.tracking_url", description: "Tracking link of the latest shipment", example: "https://www.ups.com/track?tracknum=1Z999AA10123456784" },
  { name: "order.tracking_number", description: "Tracking number of the latest shipment", example: "1Z999AA10123456784" },
  { name: "order.carrier", description: "Carrier of the latest shipment", example: "UPS" },
  { name: "order.estimated_delivery", description: "Estimated delivery date of the latest shipment", example: "Thursday, November 27" },
  { name: "order.total", description: "The order total with its currency", example: "$128.00" },
  { name: "order.status_url", description: "Link to the order status page in your store", example: "https://northwind-outfitters.example/orders/status/1042" },
  {
    name: "order.status_page_url",
    description: "Link to the order status page, where the customer sees payment, downloads and shipping (same as order.status_url)",
    example: "https://northwind-outfitters.example/orders/status/1042",
  },
  {
    name: "return.status",
    description: "Status of the order's latest return (requested, approved, declined, completed, cancelled)",
    example: "approved",
  },
  { name: "return.tracking_url", description: "Tracking link of the return parcel, once a label was issued", example: "https://www.ups.com/track?tracknum=1Z999AA10987654321" },
  { name: "case.number", description: "The case number (write #{{case.number}} to show it with a #)", example: "1042" },
  { name: "case.subject", description: "The case subject", example: "Where is my order?" },
  { name: "shop.name", description: "Your store's name", example: "Northwind Outfitters" },
  { name: "staff.first_name", description: "Your first name (the staff member sending the reply)", example: "Ada" },
] as const satisfies readonly MacroVariable[];

export type MacroVariableName = (typeof MACRO_VARIABLES)[number]["name"];

const KNOWN = new Set<string>(MACRO_VARIABLES.map((v) => v.name));

export function isMacroVariable(name: string): name is MacroVariableName {
  return KNOWN.has(name);
}

/** `{{ name }}`; whitespace inside the braces is allowed. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Variable names used in a body, in order of first use. */
export function macroVariablesIn(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER)) if (match[1]) names.add(match[1]);
  return [...names];
}

/** Names used in a body that are not in the catalogue (each once, in order of first use). */
export function findUnknownVariables(body: string): string[] {
  return macroVariablesIn(body).filter((name) => !KNOWN.has(name));
}

/**
 * Braces that do not form a `{{variable}}`: an opening `{{` never closed, a `}}` never opened, or an empty
 * `{{ }}`. Returned as short excerpts of the body so the author can find them.
 */
export function findMalformedPlaceholders(body: string): string[] {
  const problems: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    if (match[1] === "") problems.push(match[0]);
  }
  const rest = body.replace(PLACEHOLDER, (whole) => " ".repeat(whole.length));
  for (const match of rest.matchAll(/\{\{|\}\}/g)) {
    const at = match.index ?? 0;
    problems.push(body.slice(Math.max(0, at - 10), at + 20).replace(/\s+/g, " ").trim());
  }
  return problems;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The catalogue variable an unknown name was probably meant to be ("Customer.FirstName" → customer.first_name). */
export function suggestVariable(unknown: string): MacroVariableName | null {
  const normalised = unknown.toLowerCase().replace(/[\s-]/g, "_");
  const words = new Set(normalised.split(/[._]/).filter(Boolean));
  let best: { name: MacroVariableName; shared: number; d: number } | null = null;
  for (const { name } of MACRO_VARIABLES) {
    const d = Math.min(distance(normalised, name), distance(normalised.replace(/_/g, ""), name.replace(/_/g, "")));
    // Close in spelling ("order.tracking_ulr"), or sharing two words ("order.tracking_link").
    const shared = d <= 3 ? 99 : name.split(/[._]/).filter((w) => words.has(w)).length;
    if (shared < 2) continue;
    if (!best || shared > best.shared || (shared === best.shared && d < best.d)) best = { name, shared, d };
  }
  return best?.name ?? null;
}

/** One sentence naming what is wrong with a body's placeholders, or null when every one is known and well formed. */
export function describeTemplateProblems(body: string): string | null {
  const parts: string[] = [];
  const unknown = findUnknownVariables(body);
  if (unknown.length > 0) {
    const named = unknown.map((name) => {
      const suggestion = suggestVariable(name);
      return suggestion ? `{{${name}}} (did you mean {{${suggestion}}}?)` : `{{${name}}}`;
    });
    parts.push(`Unknown ${unknown.length === 1 ? "variable" : "variables"}: ${named.join(", ")}. Pick variables from the list.`);
  }
  const malformed = findMalformedPlaceholders(body);
  if (malformed.length > 0) {
    parts.push(`Unmatched braces near ${malformed.map((m) => `“${m}”`).join(", ")}: write variables as {{order.name}}.`);
  }
  return parts.length > 0 ? parts.join(" ") : null;
}

export type MacroValues = Partial<Record<string, string | null | undefined>>;

/**
 * Fills a body. A variable without a value (no tracking yet, no return…) or unknown to the catalogue keeps its
 * `{{placeholder}}` in the text, so it stays visible, and is listed in `unresolved` so staff are warned before sending.
 */
export function fillMacro(body: string, values: MacroValues): { text: string; unresolved: string[] } {
  const unresolved = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    const value = KNOWN.has(name) ? values[name] : undefined;
    if (value === undefined || value === null || value === "") {
      unresolved.add(name);
      return whole;
    }
    return value;
  });
  return { text, unresolved: [...unresolved] };
}

/** The catalogue's examples, for previews outside a case. */
export function sampleMacroValues(): MacroValues {
  return Object.fromEntries(MACRO_VARIABLES.map((v) => [v.name, v.example]));
}
