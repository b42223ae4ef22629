import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import db from "../db.server";
import { DEFAULT_EMAIL_SETTINGS, loadEmailSettings, saveEmailSettings } from "./email-settings.server";
import { EmailSettingsInput } from "./email-settings-form";

const newShop = () => `shop-${randomUUID().slice(0, 8)}.myshopify.com`;

/** Each field of `model EmailSettings` with its @default, read from prisma/schema.prisma (null for optional fields without one). */
function schemaDefaults(): Record<string, unknown> {
  const schema = readFileSync(path.resolve("prisma/schema.prisma"), "utf8");
  const block = /^model EmailSettings \{\n([\s\S]*?)^\}/m.exec(schema)?.[1];
  if (!block) throw new Error("model EmailSettings not found in prisma/schema.prisma");
  const defaults: Record<string, unknown> = {};
  for (const line of block.split("\n")) {
    const field = /^\s*(\w+)\s+(\w+)(\?)?(.*)$/.exec(line.replace(/\/\/.*$/, ""));
    if (!field) continue;
    const [, name, type, optional, attributes] = field;
    if (name === "shop" || name === "updatedAt") continue;
    const value = /@default\(("[^"]*"|[^)]*)\)/.exec(attributes!)?.[1];
    if (value === undefined) {
      if (!optional) throw new Error(`EmailSettings.${name} is required and has no default`);
      defaults[name!] = null;
    } else if (type === "Boolean") defaults[name!] = value === "true";
    else if (type === "Int") defaults[name!] = Number(value);
    else if (value.startsWith('"')) defaults[name!] = JSON.parse(value);
    else defaults[name!] = value; // an enum's value is written bare
  }
  return defaults;
}

const validForm = {
  thankYouEnabled: "on",
  thankYouDelayMinutes: "90",
  thankYouSurvey: "on",
  reviewRequestEnabled: "on",
  reviewRequestTrigger: "delivery",
  reviewRequestDelayDays: "7",
  reviewRequestFallbackDays: "14",
  reviewReminders: "2",
  reviewReminderIntervalDays: "5",
  sendWindowStartHour: "9",
  sendWindowEndHour: "18",
  trackingEnabled: "on",
};

function issues(form: Record<string, string>) {
  const result = EmailSettingsInput.safeParse(form);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("email settings defaults", () => {
  it("are the defaults written in prisma/schema.prisma", () => {
    const fromSchema = schemaDefaults();
    expect(Object.keys(fromSchema).length).toBe(13);
    expect({ ...DEFAULT_EMAIL_SETTINGS }).toEqual(fromSchema);
  });

  it("a shop without a row, and a row created with nothing but the shop, load as the defaults", async () => {
    const shop = newShop();
    expect(await loadEmailSettings(db, shop)).toEqual(DEFAULT_EMAIL_SETTINGS);
    await db.emailSettings.create({ data: { shop } });
    expect(await loadEmailSettings(db, shop)).toEqual(DEFAULT_EMAIL_SETTINGS);
  });
});

describe("EmailSettingsInput", () => {
  it("reads the form: checkboxes, numbers, an empty window", () => {
    expect(EmailSettingsInput.parse(validForm)).toEqual({
      thankYouEnabled: true,
      thankYouDelayMinutes: 90,
      thankYouSurvey: true,
      reviewRequestEnabled: true,
      reviewRequestTrigger: "delivery",
      reviewRequestDelayDays: 7,
      reviewRequestFallbackDays: 14,
      reviewReminders: 2,
      reviewReminderIntervalDays: 5,
      sendWindowStartHour: 9,
      sendWindowEndHour: 18,
      marketingConsentOnly: false,
      trackingEnabled: true,
    });
    expect(EmailSettingsInput.parse({ ...validForm, sendWindowStartHour: "", sendWindowEndHour: "" })).toMatchObject({
      sendWindowStartHour: null,
      sendWindowEndHour: null,
    });
    expect(EmailSettingsInput.parse({ ...validForm, sendWindowStartHour: "0", sendWindowEndHour: "24" })).toMatchObject({
      sendWindowStartHour: 0,
      sendWindowEndHour: 24,
    });
  });

  it("refuses a window that does not end after it starts", () => {
    const message = "The window must end after it starts (same day).";
    expect(issues({ ...validForm, sendWindowStartHour: "18", sendWindowEndHour: "9" })).toEqual([{ path: "sendWindowEndHour", message }]);
    expect(issues({ ...validForm, sendWindowStartHour: "9", sendWindowEndHour: "9" })).toEqual([{ path: "sendWindowEndHour", message }]);
  });

  it("refuses a window with only one end set, on the missing end", () => {
    const message = "Set both ends of the send window, or neither.";
    expect(issues({ ...validForm, sendWindowStartHour: "9", sendWindowEndHour: "" })).toEqual([{ path: "sendWindowEndHour", message }]);
    expect(issues({ ...validForm, sendWindowStartHour: "", sendWindowEndHour: "17" })).toEqual([{ path: "sendWindowStartHour", message }]);
  });

  it("refuses hours outside the day", () => {
    expect(issues({ ...validForm, sendWindowStartHour: "-1", sendWindowEndHour: "17" })).toEqual([
      { path: "sendWindowStartHour", message: "Choose a start hour from 0 to 23." },
    ]);
    expect(issues({ ...validForm, sendWindowStartHour: "9", sendWindowEndHour: "25" })).toEqual([
      { path: "sendWindowEndHour", message: "Choose an end hour from 1 to 24." },
    ]);
    expect(issues({ ...validForm, sendWindowStartHour: "nine" })).toEqual([
      { path: "sendWindowStartHour", message: "Choose an hour from 0 to 24." },
    ]);
  });

  it("allows 0 to 2 reminders only", () => {
    const message = "Reminders must be a whole number from 0 to 2.";
    expect(issues({ ...validForm, reviewReminders: "3" })).toEqual([{ path: "reviewReminders", message }]);
    expect(issues({ ...validForm, reviewReminders: "-1" })).toEqual([{ path: "reviewReminders", message }]);
    expect(issues({ ...validForm, reviewReminders: "1.5" })).toEqual([{ path: "reviewReminders", message }]);
    expect(issues({ ...validForm, reviewReminders: "0" })).toEqual([]);
  });

  it("checks the other numbers and the trigger with readable messages", () => {
    expect(issues({ ...validForm, thankYouDelayMinutes: "10081" })).toEqual([
      { path: "thankYouDelayMinutes", message: "The thank-you delay must be a whole number from 0 to 10080." },
    ]);
    expect(issues({ ...validForm, reviewReminderIntervalDays: "0" })).toEqual([
      { path: "reviewReminderIntervalDays", message: "Days between reminders must be a whole number from 1 to 30." },
    ]);
    expect(issues({ ...validForm, reviewRequestTrigger: "shipping" })).toEqual([
      { path: "reviewRequestTrigger", message: "Choose delivery or fulfilment." },
    ]);
  });
});

describe("saveEmailSettings", () => {
  it("creates then updates the shop's settings; other shops keep the defaults", async () => {
    const shop = newShop();
    const first = EmailSettingsInput.parse(validForm);
    expect(await saveEmailSettings(db, shop, first)).toEqual(first);
    expect(await loadEmailSettings(db, shop)).toEqual(first);
    const second = EmailSettingsInput.parse({
      ...validForm,
      thankYouEnabled: "",
      sendWindowStartHour: "",
      sendWindowEndHour: "",
      marketingConsentOnly: "on",
    });
    expect(await saveEmailSettings(db, shop, second)).toEqual(second);
    expect(await loadEmailSettings(db, shop)).toMatchObject({
      thankYouEnabled: false,
      sendWindowStartHour: null,
      marketingConsentOnly: true,
    });
    expect(await loadEmailSettings(db, newShop())).toEqual(DEFAULT_EMAIL_SETTINGS);
  });
});
