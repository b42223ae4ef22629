import { describe, expect, it } from "vitest";
import { formFields, localPath, LoyaltyPost, pageLocale, REDEEM_FAILURES, storefrontMessagePage } from "./storefront.server";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

describe("storefront loyalty requests", () => {
  it("reads each intent and refuses anything else with a message for the shopper", () => {
    expect(LoyaltyPost.parse({ intent: "redeem", rewardId: " r1 " })).toEqual({ intent: "redeem", rewardId: "r1" });
    expect(LoyaltyPost.parse({ intent: "referral", extra: "ignored" })).toEqual({ intent: "referral" });
    expect(LoyaltyPost.safeParse({ intent: "redeem", rewardId: "" }).error?.issues[0]).toMatchObject({
      path: ["rewardId"],
      message: "Choose a reward.",
    });
    expect(LoyaltyPost.safeParse({ intent: "give_me_points" }).error?.issues[0]?.message).toMatch(
      /intent must be redeem, birthday or referral/,
    );
    expect(LoyaltyPost.safeParse({}).success).toBe(false);
  });

  it("accepts real calendar days as birthdays, 29 February included", () => {
    for (const birthday of ["01-01", "02-29", "04-30", "12-31"])
      expect(LoyaltyPost.safeParse({ intent: "birthday", birthday }).success, birthday).toBe(true);
    for (const birthday of ["02-30", "04-31", "00-10", "13-01", "1-1", "2024-04-23", "", 423]) {
      const result = LoyaltyPost.safeParse({ intent: "birthday", birthday });
      expect(result.success, String(birthday)).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["birthday"]);
    }
  });

  it("joins a form's month and day into MM-DD and keeps only text fields", () => {
    expect(formFields(form({ intent: "birthday", birthday_month: "4", birthday_day: "3" }))).toMatchObject({ birthday: "04-03" });
    expect(formFields(form({ intent: "birthday", birthday: "05-06", birthday_month: "04", birthday_day: "03" }))).toMatchObject({
      birthday: "05-06",
    });
    expect(formFields(form({ intent: "birthday", birthday_month: "04", birthday_day: "" }))).not.toHaveProperty("birthday");
    const withFile = new FormData();
    withFile.set("intent", "redeem");
    withFile.set("rewardId", new Blob(["x"]));
    expect(formFields(withFile)).toEqual({ intent: "redeem" });
  });

  it("has an answer for every way a redemption can fail", () => {
    expect(Object.keys(REDEEM_FAILURES).sort()).toEqual([
      "no_such_reward",
      "not_a_member",
      "not_enough_points",
      "programme_off",
      "rate_limited",
      "shopify_refused",
      "shopify_unreachable",
    ]);
    expect(REDEEM_FAILURES.not_enough_points.status).toBe(409);
    expect(REDEEM_FAILURES.rate_limited.status).toBe(429);
  });
});

describe("the page for a form posted without JavaScript", () => {
  it("only links back to the shop itself", () => {
    expect(localPath("/el/pages/rewards")).toBe("/el/pages/rewards");
    for (const path of ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", undefined, ""])
      expect(localPath(path)).toBeNull();
  });

  it("keeps merchant and shopper text inert for Liquid and HTML", () => {
    const page = storefrontMessagePage(
      "en",
      { kind: "redeemed", code: "REWARD-ABC", reward: "{{ shop.email }} <b>5 off</b> {% layout none %}" },
      "/pages/rewards",
    );
    expect(page).toContain("&#123;&#123; shop.email &#125;&#125; &lt;b&gt;5 off&lt;/b&gt; &#123;&#37; layout none &#37;&#125;");
    expect(page).toContain('<a class="button" href="/discount/REWARD-ABC?redirect=&#37;2Fcart">Apply to cart</a>');
    expect(page).toContain('<a href="/pages/rewards">Back</a>');
    expect(page).not.toMatch(/\{\{|\{%/);
  });

  it("speaks the shopper's language", () => {
    expect(pageLocale("el")).toBe("el");
    expect(pageLocale("el-GR")).toBe("el");
    expect(pageLocale("fr")).toBe("en");
    expect(pageLocale(undefined)).toBe("en");
    expect(storefrontMessagePage("el", { kind: "failed", reason: "not_enough_points", error: "ignored" }, null)).toContain(
      "Δεν έχετε ακόμη αρκετούς πόντους",
    );
    expect(storefrontMessagePage("en", { kind: "failed", error: "Your birthday is already saved." }, null)).toContain(
      '<p role="alert">Your birthday is already saved.</p>',
    );
  });

  it("says store credit was added, and asks before spending points on it, in English and Greek", () => {
    expect(storefrontMessagePage("en", { kind: "credited", amount: "7.50 EUR" }, null)).toContain(
      "<h1>7.50 EUR added to your store credit</h1><p>Spend it at checkout when you are logged in to your account.</p>",
    );
    expect(storefrontMessagePage("el", { kind: "credited", amount: "7.50 EUR" }, null)).toContain(
      "<h1>Προστέθηκαν 7.50 EUR στην πίστωση καταστήματός σας</h1>",
    );
    const confirm = { kind: "confirm", rewardId: "r1", reward: "Credit", points: 200 } as const;
    expect(storefrontMessagePage("en", { ...confirm, storeCredit: true }, null)).toContain(
      "<p>It is added to your store credit, to spend at checkout when you are logged in.</p>",
    );
    expect(storefrontMessagePage("en", { ...confirm, storeCredit: false }, null)).toContain(
      "<p>You get a code that works once, with your account.</p>",
    );
  });
});
