import { describe, expect, it } from "vitest";
import { countOf, customerLabel, dateFormatter, formatNumber } from "./format";

describe("dateFormatter", () => {
  const at = new Date("2026-03-04T23:30:00Z");

  it("writes the date and time on the shop's clock", () => {
    expect(dateFormatter("Europe/Athens")(at)).toBe("Mar 5, 2026, 1:30 AM");
    expect(dateFormatter("America/New_York")(at)).toBe("Mar 4, 2026, 6:30 PM");
  });

  it("writes the day alone when asked, still on the shop's clock", () => {
    expect(dateFormatter("Europe/Athens", { withTime: false })(at)).toBe("Mar 5, 2026");
    expect(dateFormatter("UTC", { withTime: false })(at)).toBe("Mar 4, 2026");
  });

  it("reads the ISO strings loader data carries", () => {
    expect(dateFormatter("UTC")(at.toISOString())).toBe("Mar 4, 2026, 11:30 PM");
  });

  it("falls back to UTC for a time zone the runtime does not know", () => {
    expect(dateFormatter("Mars/Olympus_Mons")(at)).toBe("Mar 4, 2026, 11:30 PM");
  });
});

describe("numbers", () => {
  it("groups thousands", () => {
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(-1200)).toBe("-1,200");
  });

  it("puts the singular after exactly one", () => {
    expect(countOf(1, "reward", "rewards")).toBe("1 reward");
    expect(countOf(0, "reward", "rewards")).toBe("0 rewards");
    expect(countOf(12345, "member", "members")).toBe("12,345 members");
  });
});

describe("customerLabel", () => {
  it("names a customer by email, else by the number in their GID", () => {
    expect(customerLabel({ email: "ana@example.com", customerId: "gid://shopify/Customer/42" })).toBe("ana@example.com");
    expect(customerLabel({ email: null, customerId: "gid://shopify/Customer/42" })).toBe("Customer 42");
    expect(customerLabel({ email: null, customerId: null })).toBe("Unknown customer");
  });
});
