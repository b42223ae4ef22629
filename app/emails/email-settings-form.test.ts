import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { formStrings } from "../lib/forms";
import { DEFAULT_EMAIL_SETTINGS } from "./email-settings.server";
import { EmailSettingsInput } from "./email-settings-form";

const posted = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.append(name, value);
  return data;
};
const parse = (values: Record<string, string>) => parseWithZod(posted(values), { schema: EmailSettingsInput, disableAutoCoercion: true });

describe("the email settings form", () => {
  const form = formStrings({ ...DEFAULT_EMAIL_SETTINGS, sendWindowStartHour: 9, sendWindowEndHour: 18 });

  it("saves the send window's hours while it is switched on, and none once it is switched off", () => {
    expect(parse({ ...form, sendWindow: "on" })).toMatchObject({
      status: "success",
      value: { sendWindowStartHour: 9, sendWindowEndHour: 18 },
    });
    expect(parse({ ...form, sendWindow: "" })).toMatchObject({
      status: "success",
      value: { sendWindowStartHour: null, sendWindowEndHour: null },
    });
  });

  it("reads unticked boxes as off and names a delay out of range", () => {
    const submission = parse({ ...form, thankYouEnabled: "", thankYouDelayMinutes: "99999" });
    expect(submission.reply().error).toEqual({ thankYouDelayMinutes: ["The thank-you delay must be a whole number from 0 to 10080."] });
    expect(parse({ ...form, thankYouEnabled: "" })).toMatchObject({
      status: "success",
      value: { thankYouEnabled: false, thankYouSurvey: true },
    });
  });
});
