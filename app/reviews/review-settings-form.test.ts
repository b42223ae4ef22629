import { parseWithZod } from "@conform-to/zod/v3";
import { describe, expect, it } from "vitest";
import { formStrings } from "../lib/forms";
import { ReviewSettingsInput } from "./review-settings-form";

/** The form data a browser posts for these fields (the admin's form posts every field, "" when unticked). */
function posted(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.append(name, value);
  return data;
}

describe("the review settings form", () => {
  it.each([
    { autoPublish: true, autoPublishMinRating: 3, autoPublishVerifiedOnly: true, allowAnonymous: true, syndicateToMetaobject: false },
    { autoPublish: false, autoPublishMinRating: 5, autoPublishVerifiedOnly: false, allowAnonymous: false, syndicateToMetaobject: true },
    { autoPublish: true, autoPublishMinRating: 1, autoPublishVerifiedOnly: false, allowAnonymous: false, syndicateToMetaobject: false },
  ])("reads ticked and unticked boxes back as they were: %o", (settings) => {
    const submission = parseWithZod(posted(formStrings(settings)), { schema: ReviewSettingsInput, disableAutoCoercion: true });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual(settings);
  });

  it("names the minimum rating when it is out of range", () => {
    const submission = parseWithZod(posted({ autoPublish: "on", autoPublishMinRating: "6" }), {
      schema: ReviewSettingsInput,
      disableAutoCoercion: true,
    });
    expect(submission.reply().error).toEqual({ autoPublishMinRating: ["Choose a minimum rating from 1 to 5 stars."] });
  });
});
