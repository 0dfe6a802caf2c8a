import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import { CaseTopic } from "../generated/prisma/enums";

/**
 * Shop-wide settings, stored as JSON on Shop.settings and always read through this schema: a missing or older
 * document gets the defaults, so adding a setting never needs a data migration.
 */

const TIME = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time such as 09:00");
const Interval = z
  .object({ open: TIME, close: TIME })
  .refine((i) => i.open < i.close, { message: "closing time must be after opening time" });
const Day = z
  .array(Interval)
  .max(4, "at most 4 opening intervals per day")
  .refine(
    (intervals) => {
      const sorted = [...intervals].sort((a, b) => a.open.localeCompare(b.open));
      return sorted.every((i, n) => n === 0 || sorted[n - 1].close <= i.open);
    },
    { message: "opening intervals overlap" },
  );

import { SLA_PRIORITIES, WEEKDAYS, type SlaPriority, type Weekday } from "./settings-constants";

export { SLA_PRIORITIES, WEEKDAYS, type SlaPriority, type Weekday };

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const NINE_TO_FIVE = [{ open: "09:00", close: "17:00" }];

export const BusinessHours = z.object({
  timezone: z.string().refine(isTimeZone, "unknown time zone (use an IANA name such as Europe/Berlin)").default("UTC"),
  days: z
    .object({
      mon: Day.default(NINE_TO_FIVE),
      tue: Day.default(NINE_TO_FIVE),
      wed: Day.default(NINE_TO_FIVE),
      thu: Day.default(NINE_TO_FIVE),
      fri: Day.default(NINE_TO_FIVE),
      sat: Day.default([]),
      sun: Day.default([]),
    })
    .prefault({}),
  /** Whole days closed, as YYYY-MM-DD in the shop's time zone. */
  holidays: z
    .array(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
        .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "not a calendar date"),
    )
    .max(366, "at most 366 holidays")
    .default([]),
});

const Money = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, "use an amount such as 150.00");

export const TopicSetting = z.object({
  /** Hidden topics are not offered to shoppers or staff; existing cases keep them. */
  enabled: z.boolean().default(true),
  /** The merchant's own label (shown to shoppers and staff); the catalogue's label when empty. */
  label: z.string().trim().max(60).optional(),
});

// ───────────────────────────── SLA ─────────────────────────────

export const MAX_FIRST_RESPONSE_HOURS = 24 * 30;
export const MAX_RESOLUTION_HOURS = 24 * 90;

/** Targets per priority when the shop set none (NORMAL is what a single shop-wide target used to default to). */
export const DEFAULT_SLA_POLICIES: Record<SlaPriority, { firstResponseHours: number; resolutionHours: number }> = {
  URGENT: { firstResponseHours: 1, resolutionHours: 8 },
  HIGH: { firstResponseHours: 4, resolutionHours: 24 },
  NORMAL: { firstResponseHours: 24, resolutionHours: 72 },
  LOW: { firstResponseHours: 48, resolutionHours: 120 },
};

const FirstResponseHours = z.number().positive().max(MAX_FIRST_RESPONSE_HOURS);
const ResolutionHours = z.number().positive().max(MAX_RESOLUTION_HOURS);
const policyOf = (priority: SlaPriority) =>
  z
    .object({
      firstResponseHours: FirstResponseHours.default(DEFAULT_SLA_POLICIES[priority].firstResponseHours),
      resolutionHours: ResolutionHours.default(DEFAULT_SLA_POLICIES[priority].resolutionHours),
    })
    .prefault({});

/**
 * Documents saved before policies per priority had one flat target (`firstResponseHours`, `resolutionHours`):
 * it becomes the NORMAL policy, unless the document already has one.
 */
function upgradeLegacySla(stored: unknown): unknown {
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return stored;
  const { firstResponseHours, resolutionHours, ...rest } = stored as Record<string, unknown>;
  if (firstResponseHours === undefined && resolutionHours === undefined) return stored;
  const policies = (rest.policies && typeof rest.policies === "object" ? rest.policies : {}) as Record<string, unknown>;
  if (policies.NORMAL !== undefined) return rest;
  const normal = {
    ...(firstResponseHours !== undefined ? { firstResponseHours } : {}),
    ...(resolutionHours !== undefined ? { resolutionHours } : {}),
  };
  return { ...rest, policies: { ...policies, NORMAL: normal } };
}

export const SlaSettings = z.preprocess(
  upgradeLegacySla,
  z.object({
    /** First-response and resolution targets per case priority, in hours. */
    policies: z
      .object({ URGENT: policyOf("URGENT"), HIGH: policyOf("HIGH"), NORMAL: policyOf("NORMAL"), LOW: policyOf("LOW") })
      .prefault({}),
    /** Targets for one topic (either or both); see slaPolicy in app/insights/sla.server.ts for how they combine. */
    topics: z
      .partialRecord(z.enum(CaseTopic), z.object({ firstResponseHours: FirstResponseHours.optional(), resolutionHours: ResolutionHours.optional() }))
      .prefault({}),
    /** Count only the shop's business hours (nights, weekends, holidays don't count). */
    businessHoursOnly: z.boolean().default(true),
    /** Stop the clock while a case is PENDING on the customer; the due times move on by the paused time. */
    pauseWhilePending: z.boolean().default(true),
  }),
);
export type SlaSettings = z.infer<typeof SlaSettings>;

export const ShopSettings = z.object({
  businessHours: BusinessHours.prefault({}),
  sla: SlaSettings.prefault({}),
  refunds: z
    .object({
      /** Agents may refund up to this amount per refund (shop currency) unless their own limit says otherwise. */
      agentLimit: Money.default("100.00"),
      requireNote: z.boolean().default(false),
    })
    .prefault({}),
  topics: z.partialRecord(z.enum(CaseTopic), TopicSetting).prefault({}),
  channels: z
    .object({ email: z.boolean().default(true), storefront: z.boolean().default(true), customerAccount: z.boolean().default(true) })
    .prefault({}),
  email: z.object({ replyTo: z.string().email().optional(), signature: z.string().max(2000).optional() }).prefault({}),
  satisfaction: z.object({ enabled: z.boolean().default(true), sendAfterHours: z.number().min(0).max(720).default(24) }).prefault({}),
  autoAssign: z.boolean().default(false),
  /** Proactive messages to customers (app/channels/automation.server.ts); all off until an admin switches them on. */
  automation: z
    .object({
      orderUpdates: z
        .object({ enabled: z.boolean().default(false), shipped: z.boolean().default(true), delivered: z.boolean().default(true), refunded: z.boolean().default(true) })
        .prefault({}),
      autoAcknowledge: z.object({ enabled: z.boolean().default(false) }).prefault({}),
      autoAnswers: z.object({ enabled: z.boolean().default(false) }).prefault({}),
      /** A check-in with care articles a few days after a first-time buyer's order is delivered (first-order-care.server.ts). */
      firstOrderCare: z.object({ enabled: z.boolean().default(false), daysAfterDelivery: z.number().int().min(1).max(30).default(3) }).prefault({}),
    })
    .prefault({}),
  /**
   * The NPS survey (app/nps/survey.server.ts): off by default. Once per period (calendar month or quarter in the
   * shop's zone), from `sendDay` of it, customers whose latest order was placed between maxDaysSinceOrder and
   * minDaysSinceOrder days ago get one survey email.
   */
  nps: z
    .object({
      enabled: z.boolean().default(false),
      period: z.enum(["monthly", "quarterly"]).default("monthly"),
      sendDay: z.number().int().min(1).max(28).default(1),
      minDaysSinceOrder: z.number().int().min(0).max(365).default(7),
      maxDaysSinceOrder: z.number().int().min(1).max(730).default(90),
    })
    .refine((n) => n.minDaysSinceOrder < n.maxDaysSinceOrder, { message: "the first number of days must be smaller than the second", path: ["minDaysSinceOrder"] })
    .prefault({}),
  /** The shop's outgoing mail server (app/channels/email/smtp-settings.server.ts); the password is stored encrypted. */
  smtp: z
    .object({
      host: z.string(),
      port: z.number().int(),
      security: z.enum(["tls", "starttls", "none"]),
      user: z.string().default(""),
      passwordEncrypted: z.string().default(""),
      fromAddress: z.string(),
      fromName: z.string().default(""),
      replyDomain: z.string().default(""),
    })
    .optional(),
});

export type ShopSettings = z.infer<typeof ShopSettings>;

/**
 * The shop's settings with defaults filled in. A stored document that no longer parses falls back per field.
 * Business hours without a stored time zone count in UTC here: code that has the shop's row uses
 * settingsForShop instead, which falls back to the shop's own zone.
 */
export function parseShopSettings(stored: unknown): ShopSettings {
  return parseWithDefaultZone(stored, undefined);
}

/**
 * The shop's effective settings: like parseShopSettings, but business hours without a stored time zone (the shop
 * never saved the Hours page) count in the shop's own time zone (Shop.ianaTimezone, when it is a valid IANA zone),
 * the zone its reports use, instead of UTC. Every place that has the shop's row reads settings through this.
 */
export function settingsForShop(stored: unknown, ianaTimezone: string | null | undefined): ShopSettings {
  return parseWithDefaultZone(stored, ianaTimezone && isTimeZone(ianaTimezone) ? ianaTimezone : undefined);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function parseWithDefaultZone(stored: unknown, zone: string | undefined): ShopSettings {
  let doc = stored ?? {};
  if (zone && isPlainObject(doc)) {
    const hours = isPlainObject(doc.businessHours) ? doc.businessHours : {};
    if (hours.timezone === undefined || hours.timezone === null || hours.timezone === "") doc = { ...doc, businessHours: { ...hours, timezone: zone } };
  }
  const parsed = ShopSettings.safeParse(doc);
  if (parsed.success) return parsed.data;
  // Keep what still parses section by section rather than losing the whole document.
  const raw = (isPlainObject(doc) ? doc : {}) as Record<string, unknown>;
  const result = ShopSettings.parse(zone ? { businessHours: { timezone: zone } } : {});
  for (const key of Object.keys(ShopSettings.shape) as (keyof ShopSettings)[]) {
    const section = ShopSettings.shape[key].safeParse(raw[key]);
    if (section.success) (result as Record<string, unknown>)[key] = section.data;
  }
  return result;
}

export async function getShopSettings(shopId: string): Promise<ShopSettings> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { settings: true, ianaTimezone: true } });
  if (!shop) throw new AppError("not_found", "This shop is not installed.");
  return settingsForShop(shop.settings, shop.ianaTimezone);
}

/**
 * Validates a partial update (one section or more) and stores it. Only the sections in the patch are written
 * (one JSONB merge), so two admins saving different sections at the same moment do not undo each other.
 * Invalid input is a 400 whose message names each problem, with `details.fieldErrors` keyed by the field's path
 * ("businessHours.days.mon.0.close") for the form.
 */
export async function updateShopSettings(shopId: string, patch: Partial<Record<keyof ShopSettings, unknown>>): Promise<ShopSettings> {
  const current = await getShopSettings(shopId);
  const merged = ShopSettings.safeParse({ ...current, ...patch });
  if (!merged.success) throw settingsError(merged.error.issues);
  const written = Object.fromEntries(Object.keys(patch).map((key) => [key, merged.data[key as keyof ShopSettings]]));
  const updated = await db.$executeRaw`
    UPDATE "Shop" SET settings = (CASE WHEN jsonb_typeof(settings) = 'object' THEN settings ELSE '{}'::jsonb END) || ${JSON.stringify(written)}::jsonb,
      "updatedAt" = now()
    WHERE id = ${shopId}::uuid`;
  if (updated === 0) throw new AppError("not_found", "This shop is not installed.");
  return getShopSettings(shopId);
}

// ───────────────────────────── Errors a person can act on ─────────────────────────────

const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

const PRIORITY_NAMES: Record<string, string> = { URGENT: "Urgent", HIGH: "High", NORMAL: "Normal", LOW: "Low" };

const FIELD_NAMES: Record<string, string> = {
  "businessHours.timezone": "Time zone",
  "businessHours.holidays": "Holidays",
  "sla.policies": "Targets per priority",
  "sla.topics": "Targets per topic",
  "sla.businessHoursOnly": "Business hours only",
  "sla.pauseWhilePending": "Pause while waiting on the customer",
  "refunds.agentLimit": "Agents' refund limit",
  "refunds.requireNote": "Require a note",
  topics: "Topics",
  "automation.orderUpdates.enabled": "Order updates",
  "automation.orderUpdates.shipped": "Update when the order ships",
  "automation.orderUpdates.delivered": "Update when the order is delivered",
  "automation.orderUpdates.refunded": "Update when a refund is issued",
  "automation.autoAcknowledge.enabled": "Acknowledgement of new cases",
  "automation.autoAnswers.enabled": "Automatic answers",
  "automation.firstOrderCare.enabled": "First-order care",
  "automation.firstOrderCare.daysAfterDelivery": "Days after delivery",
  "nps.enabled": "NPS survey",
  "nps.period": "Survey period",
  "nps.sendDay": "Send day",
  "nps.minDaysSinceOrder": "Minimum days since the order",
  "nps.maxDaysSinceOrder": "Maximum days since the order",
};

/** "businessHours.days.mon.0.close" → "Monday, interval 1"; other paths by their label. */
export function describeSettingsPath(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  if (parts[0] === "businessHours" && parts[1] === "days" && parts[2] in DAY_NAMES) {
    const day = DAY_NAMES[parts[2] as Weekday];
    return parts[3] !== undefined ? `${day}, interval ${Number(parts[3]) + 1}` : day;
  }
  if (parts[0] === "businessHours" && parts[1] === "holidays" && parts[2] !== undefined) return `Holiday ${Number(parts[2]) + 1}`;
  if (parts[0] === "topics" && parts[1]) return `Topic ${parts[1]}`;
  if (parts[0] === "sla" && (parts[1] === "policies" || parts[1] === "topics") && parts[2]) {
    const target = parts[3] === "resolutionHours" ? "resolution target" : parts[3] === "firstResponseHours" ? "first response target" : "targets";
    const whose = parts[1] === "policies" ? `${PRIORITY_NAMES[parts[2]] ?? parts[2]} priority` : `Topic ${parts[2]}`;
    return `${whose}, ${target}`;
  }
  return FIELD_NAMES[parts.join(".")] ?? (parts.join(".") || "Settings");
}

export function settingsError(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    fieldErrors[key] ??= `${describeSettingsPath(issue.path)}: ${issue.message}`;
  }
  const messages = Object.values(fieldErrors);
  return new AppError(
    "bad_request",
    `The settings were not saved. ${messages.slice(0, 5).join("; ")}${messages.length > 5 ? ` (and ${messages.length - 5} more)` : ""}.`,
    { fieldErrors },
  );
}

// ───────────────────────────── Sections edited on the settings pages ─────────────────────────────

export const TopicsInput = z
  .record(z.string(), z.object({ enabled: z.boolean({ error: "enabled must be true or false" }), label: z.string().trim().max(60, "keep labels under 60 characters").optional() }))
  .superRefine((topics, ctx) => {
    for (const key of Object.keys(topics)) {
      if (!(Object.values(CaseTopic) as string[]).includes(key)) ctx.addIssue({ code: "custom", path: [key], message: "unknown topic" });
    }
    const enabled = Object.values(CaseTopic).filter((topic) => topics[topic]?.enabled ?? true);
    if (enabled.length === 0) ctx.addIssue({ code: "custom", path: [], message: "keep at least one topic enabled, so shoppers can say what they need" });
  });

/** Topics offered to shoppers and staff, with the shop's labels. Every topic in the catalogue is listed. */
export async function updateTopicSettings(shopId: string, input: unknown): Promise<ShopSettings> {
  const parsed = TopicsInput.safeParse(input);
  if (!parsed.success) throw settingsError(parsed.error.issues.map((i) => ({ ...i, path: ["topics", ...i.path] })));
  const topics = Object.fromEntries(
    Object.entries(parsed.data).map(([topic, value]) => [topic, { enabled: value.enabled, ...(value.label ? { label: value.label } : {}) }]),
  );
  return updateShopSettings(shopId, { topics });
}

const hoursInput = (max: number, maxMessage: string) =>
  z.coerce.number({ error: "enter a number of hours" }).positive("must be more than 0 hours").max(max, maxMessage);
const FirstResponseInput = hoursInput(MAX_FIRST_RESPONSE_HOURS, "at most 720 hours (30 days)");
const ResolutionInput = hoursInput(MAX_RESOLUTION_HOURS, "at most 2,160 hours (90 days)");
/** An empty field in a topic's row means "use the priority's target". */
const blankAsUnset = (v: unknown) => (v === "" || v === null ? undefined : v);
const firstNotAfterResolution = {
  path: ["firstResponseHours"],
  message: "must not be longer than the resolution target",
};
const PolicyInput = z
  .object({ firstResponseHours: FirstResponseInput, resolutionHours: ResolutionInput })
  .refine((p) => p.firstResponseHours <= p.resolutionHours, firstNotAfterResolution);
const TopicPolicyInput = z
  .object({
    firstResponseHours: z.preprocess(blankAsUnset, FirstResponseInput.optional()),
    resolutionHours: z.preprocess(blankAsUnset, ResolutionInput.optional()),
  })
  .refine((p) => p.firstResponseHours === undefined || p.resolutionHours === undefined || p.firstResponseHours <= p.resolutionHours, firstNotAfterResolution);

/** The SLA section as the Hours page sends it: every priority's targets, topic overrides (blank = none), switches. */
export const SlaInput = z.object({
  policies: z.object(
    { URGENT: PolicyInput, HIGH: PolicyInput, NORMAL: PolicyInput, LOW: PolicyInput },
    { error: "set the targets of every priority" },
  ),
  topics: z
    .record(z.string(), TopicPolicyInput)
    .default({})
    .superRefine((topics, ctx) => {
      for (const key of Object.keys(topics)) {
        if (!(Object.values(CaseTopic) as string[]).includes(key)) ctx.addIssue({ code: "custom", path: [key], message: "unknown topic" });
      }
    }),
  businessHoursOnly: z.boolean({ error: "must be true or false" }),
  pauseWhilePending: z.boolean({ error: "must be true or false" }),
});

/** Business hours (with holidays and time zone) and SLA targets, saved together from the Hours page. */
export async function updateHoursAndSla(shopId: string, input: { businessHours: unknown; sla: unknown }): Promise<ShopSettings> {
  const sla = SlaInput.safeParse(input.sla);
  // Hours sent without a time zone keep the effective one (the stored zone, else the shop's), not UTC.
  const sent = input.businessHours;
  const hours = BusinessHours.safeParse(
    isPlainObject(sent) && (sent.timezone === undefined || sent.timezone === null || sent.timezone === "")
      ? { ...sent, timezone: (await getShopSettings(shopId)).businessHours.timezone }
      : sent,
  );
  const issues = [
    ...(hours.success ? [] : hours.error.issues.map((i) => ({ ...i, path: ["businessHours", ...i.path] }))),
    ...(sla.success ? [] : sla.error.issues.map((i) => ({ ...i, path: ["sla", ...i.path] }))),
  ];
  if (issues.length > 0 || !hours.success || !sla.success) throw settingsError(issues);
  const holidays = [...new Set(hours.data.holidays)].sort();
  // Topics with neither target set are left out: they use their priority's targets.
  const topics = Object.fromEntries(
    Object.entries(sla.data.topics)
      .filter(([, p]) => p.firstResponseHours !== undefined || p.resolutionHours !== undefined)
      .map(([topic, p]) => [topic, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined))]),
  );
  return updateShopSettings(shopId, { businessHours: { ...hours.data, holidays }, sla: { ...sla.data, topics } });
}

/** Agents' default refund limit and whether a refund needs a note. */
export async function updateRefundSettings(shopId: string, input: unknown): Promise<ShopSettings> {
  const parsed = z
    .object({
      agentLimit: z.preprocess((v) => {
        const amount = typeof v === "string" ? v.trim().replace(/^\$/, "") : v;
        return typeof amount === "string" && /^\d{1,12}(\.\d{1,2})?$/.test(amount) ? Number(amount).toFixed(2) : amount;
      }, z.string({ error: "enter an amount" })),
      requireNote: z.boolean({ error: "must be true or false" }),
    })
    .safeParse(input);
  if (!parsed.success) throw settingsError(parsed.error.issues.map((i) => ({ ...i, path: ["refunds", ...i.path] })));
  return updateShopSettings(shopId, { refunds: parsed.data });
}

export interface TopicOption {
  topic: CaseTopic;
  /** The shop's label, or null to use the catalogue's (t(`topic.${topic}`)). */
  label: string | null;
  enabled: boolean;
}

/** Every topic in catalogue order with the shop's choices: for topic pickers (offer only `enabled` ones for new input). */
export function topicOptions(settings: ShopSettings): TopicOption[] {
  return Object.values(CaseTopic).map((topic) => ({
    topic,
    label: settings.topics[topic]?.label || null,
    enabled: settings.topics[topic]?.enabled ?? true,
  }));
}

/** One line per settings section, for the Settings overview page. */
export async function settingsOverview(shopId: string) {
  const [members, admins, macros, tags, settings, policy] = await Promise.all([
    db.staff.count({ where: { shopId, active: true } }),
    db.staff.count({ where: { shopId, active: true, role: "ADMIN" } }),
    db.macro.count({ where: { shopId } }),
    db.tag.count({ where: { shopId } }),
    getShopSettings(shopId),
    db.returnPolicy.findUnique({ where: { shopId }, select: { enabled: true, windowDays: true, windowStartsAt: true, restockingFeePercent: true } }),
  ]);
  const topics = topicOptions(settings);
  return {
    team: { members, admins, agentLimit: settings.refunds.agentLimit },
    macros,
    tags,
    topics: { enabled: topics.filter((o) => o.enabled).length, total: topics.length },
    hours: {
      openDays: WEEKDAYS.filter((d) => settings.businessHours.days[d].length > 0).length,
      timezone: settings.businessHours.timezone,
      firstResponseHours: settings.sla.policies.NORMAL.firstResponseHours,
    },
    returns: {
      enabled: policy?.enabled ?? true,
      windowDays: policy?.windowDays ?? 30,
      windowStartsAt: policy?.windowStartsAt === "FULFILLMENT" ? ("FULFILLMENT" as const) : ("DELIVERY" as const),
      fee: policy ? policy.restockingFeePercent.toFixed(2) : "0.00",
    },
  };
}
