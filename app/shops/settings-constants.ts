/** Settings vocabularies shared by the settings service and the settings pages (safe in the browser bundle). */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** SLA policies are set per case priority, most urgent first. */
export const SLA_PRIORITIES = ["URGENT", "HIGH", "NORMAL", "LOW"] as const;
export type SlaPriority = (typeof SLA_PRIORITIES)[number];
