/** The part of the extension API used for text, dates and money. */
export interface I18nApi {
  i18n: {
    translate: (key: string, options?: Record<string, unknown>) => unknown;
    formatDate: (date: Date, options?: Intl.DateTimeFormatOptions) => string;
    formatCurrency: (amount: number, options?: Intl.NumberFormatOptions) => string;
  };
}

export type Translate = (key: string, options?: Record<string, string | number>) => string;

export interface Formatters {
  t: Translate;
  date: (iso: string | null | undefined) => string;
  money: (amount: string | number, currencyCode: string) => string;
}

/** Text from locales/<language>.json, dates in the buyer's locale, money in the order's currency. */
export function formatters(api: I18nApi): Formatters {
  return {
    t: (key, options) => String(api.i18n.translate(key, options)),
    date: (iso) => (iso ? api.i18n.formatDate(new Date(iso), { year: "numeric", month: "short", day: "numeric" }) : ""),
    money: (amount, currencyCode) => api.i18n.formatCurrency(Number(amount), { currency: currencyCode }),
  };
}

/** The value of the field an input/change event came from (the s-* fields fire plain Events). */
export function valueOf(event: Event): string {
  const target = (event.currentTarget ?? event.target) as { value?: unknown } | null;
  return typeof target?.value === "string" ? target.value : "";
}
