import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";
import { merchantLocale } from "./merchant-locale";

const request = (query: string, acceptLanguage?: string) =>
  new Request(`https://app.example/app${query}`, { headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} });

describe("merchantLocale", () => {
  it("takes the admin's locale parameter first, then the browser's preferred language", () => {
    expect(merchantLocale(request("?locale=de", "en-US,en;q=0.9"))).toBe("de");
    expect(merchantLocale(request("", "el-GR,el;q=0.9,en;q=0.8"))).toBe("el-GR");
    expect(merchantLocale(request("?locale=not_a*tag", "fr-CA"))).toBe("fr-CA");
    expect(merchantLocale(request(""))).toBe("en");
    expect(merchantLocale(request("", "*"))).toBe("en");
  });

  it("formats money as the merchant reads it", () => {
    expect(formatMoney("50", "USD", { locale: merchantLocale(request("", "en-US")) })).toBe("$50.00");
    expect(formatMoney("50", "EUR", { locale: merchantLocale(request("?locale=de")) })).toBe("50,00\u00a0€");
  });
});
