import { describe, expect, it } from "vitest";
import { adminPageTitle } from "./nav";

describe("adminPageTitle", () => {
  it("names the page the merchant is on, the most specific section first", () => {
    expect(adminPageTitle("/app")).toBe("Dashboard · Retention");
    expect(adminPageTitle("/app/")).toBe("Dashboard · Retention");
    expect(adminPageTitle("/app/reviews")).toBe("Reviews · Retention");
    expect(adminPageTitle("/app/reviews/settings")).toBe("Review settings · Retention");
    expect(adminPageTitle("/app/loyalty/members/clx123")).toBe("Members · Retention");
    expect(adminPageTitle("/app/emails/templates/review_request/el")).toBe("Email template · Retention");
    expect(adminPageTitle("/app/free-shipping")).toBe("Free shipping · Retention");
    expect(adminPageTitle("/app/privacy/abc")).toBe("Privacy · Retention");
  });
});
