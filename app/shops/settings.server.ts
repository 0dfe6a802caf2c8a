import { z } from "zod";
import db from "../db.server";
import { AppError } from "../errors.server";
import type { Prisma } from "../generated/prisma/client";
import { CaseTopic } from "../generated/prisma/enums";

/**
 * Shop-wide settings, stored as JSON on Shop.settings and always read through this schema: a missing or older
 * document gets the defaults, so adding a setting never needs a data migration.
 */

const TIME = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use a 24-hour time such as 09:00");
const Interval = z
  .object({ open: TIME, close: TIME })
  .refine((i) => i.open < i.close, { message: "closing time must be after opening time" });
const Day = z.array(Interval).max(4);

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

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
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")).max(366).default([]),
});

const Money = z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, "use an amount such as 150.00");

export const TopicSetting = z.object({
  /** Hidden topics are not offered to shoppers or staff; existing cases keep them. */
  enabled: z.boolean().default(true),
  /** The merchant's own label (shown to shoppers and staff); the catalogue's label when empty. */
  label: z.string().trim().max(60).optional(),
});

export const ShopSettings = z.object({
  businessHours: BusinessHours.prefault({}),
  sla: z
    .object({
      firstResponseHours: z.number().positive().max(24 * 30).default(24),
      resolutionHours: z.number().positive().max(24 * 90).default(72),
      businessHoursOnly: z.boolean().default(true),
    })
    .prefault({}),
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
});

export type ShopSettings = z.infer<typeof ShopSettings>;

/** The shop's settings with defaults filled in. A stored document that no longer parses falls back per field. */
export function parseShopSettings(stored: unknown): ShopSettings {
  const parsed = ShopSettings.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  // Keep what still parses section by section rather than losing the whole document.
  const raw = (stored && typeof stored === "object" ? stored : {}) as Record<string, unknown>;
  const result = ShopSettings.parse({});
  for (const key of Object.keys(ShopSettings.shape) as (keyof ShopSettings)[]) {
    const section = ShopSettings.shape[key].safeParse(raw[key]);
    if (section.success) (result as Record<string, unknown>)[key] = section.data;
  }
  return result;
}

export async function getShopSettings(shopId: string): Promise<ShopSettings> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { settings: true } });
  if (!shop) throw new AppError("not_found", "This shop is not installed.");
  return parseShopSettings(shop.settings);
}

/** Validates a partial update (one section or more) and stores the merged document. */
export async function updateShopSettings(shopId: string, patch: Partial<Record<keyof ShopSettings, unknown>>): Promise<ShopSettings> {
  const current = await getShopSettings(shopId);
  const merged = ShopSettings.safeParse({ ...current, ...patch });
  if (!merged.success) {
    const issue = merged.error.issues[0];
    throw new AppError("bad_request", `${issue.path.join(".") || "settings"}: ${issue.message}`);
  }
  await db.shop.update({ where: { id: shopId }, data: { settings: merged.data as Prisma.InputJsonValue } });
  return merged.data;
}
