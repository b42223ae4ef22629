import { describe, expect, it } from "vitest";
import { moderationDecision, raisesFollowUpTask, type AutoPublishRules } from "./moderation";

const defaults: AutoPublishRules = { autoPublish: true, autoPublishMinRating: 4, autoPublishVerifiedOnly: true };
const review = { rating: 5, verified: true, anonymous: false };

describe("moderationDecision", () => {
  it("publishes a verified review at or above the minimum rating", () => {
    expect(moderationDecision(defaults, review)).toBe("published");
    expect(moderationDecision(defaults, { ...review, rating: 4 })).toBe("published");
  });

  it("holds reviews below the minimum rating", () => {
    expect(moderationDecision(defaults, { ...review, rating: 3 })).toBe("pending");
  });

  it("holds unverified reviews only when the merchant publishes verified ones alone", () => {
    expect(moderationDecision(defaults, { ...review, verified: false })).toBe("pending");
    expect(moderationDecision({ ...defaults, autoPublishVerifiedOnly: false }, { ...review, verified: false })).toBe("published");
  });

  it("holds everything when auto-publish is off", () => {
    expect(moderationDecision({ ...defaults, autoPublish: false }, review)).toBe("pending");
  });

  it("always holds anonymous reviews", () => {
    const permissive = { autoPublish: true, autoPublishMinRating: 1, autoPublishVerifiedOnly: false };
    expect(moderationDecision(permissive, { rating: 5, verified: false, anonymous: true })).toBe("pending");
  });

  it("treats low ratings by the same rules: with a minimum of 1 they are published", () => {
    const allRatings = { ...defaults, autoPublishMinRating: 1 };
    expect(moderationDecision(allRatings, { ...review, rating: 1 })).toBe("published");
    expect(moderationDecision(allRatings, { ...review, rating: 2 })).toBe("published");
  });
});

describe("raisesFollowUpTask", () => {
  it("is true for 1 and 2 stars only", () => {
    expect([1, 2, 3, 4, 5].map(raisesFollowUpTask)).toEqual([true, true, false, false, false]);
  });
});
