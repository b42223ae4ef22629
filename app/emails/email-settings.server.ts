// A shop's post-purchase email settings. Shops that never saved them get the defaults.
import type { EmailSettings } from "@prisma/client";
import type { Db } from "../db.server";
import type { EmailSettingsInput } from "./email-settings-form";

export type EmailSettingsValues = Omit<EmailSettings, "shop" | "updatedAt">;

/** The defaults in prisma/schema.prisma; a test keeps the two in step. */
export const DEFAULT_EMAIL_SETTINGS: Readonly<EmailSettingsValues> = {
  thankYouEnabled: true,
  thankYouDelayMinutes: 60,
  thankYouSurvey: true,
  reviewRequestEnabled: true,
  reviewRequestTrigger: "delivery",
  reviewRequestDelayDays: 7,
  reviewRequestFallbackDays: 14,
  reviewReminders: 1,
  reviewReminderIntervalDays: 5,
  sendWindowStartHour: null,
  sendWindowEndHour: null,
  marketingConsentOnly: false,
  trackingEnabled: true,
};

export async function loadEmailSettings(db: Pick<Db, "emailSettings">, shop: string): Promise<EmailSettingsValues> {
  const row = await db.emailSettings.findUnique({ where: { shop } });
  if (!row) return { ...DEFAULT_EMAIL_SETTINGS };
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}

export async function saveEmailSettings(
  db: Pick<Db, "emailSettings">,
  shop: string,
  input: EmailSettingsInput,
): Promise<EmailSettingsValues> {
  const data: EmailSettingsValues = { ...input };
  const row = await db.emailSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
  const { shop: _shop, updatedAt: _updatedAt, ...values } = row;
  return values;
}
