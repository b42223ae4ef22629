import { describe, expect, it } from "vitest";
import { readSurveyToken, readUnsubscribeToken, surveyUrls, unsubscribeUrl } from "./email-links";

const SECRET = "test-secret";
const APP = "https://app.example/";
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

/** The same token with one character of its payload changed. */
function tamper(token: string): string {
  const [payload, signature] = token.split(".");
  const flipped = payload!.slice(0, 5) + (payload![5] === "A" ? "B" : "A") + payload!.slice(6);
  return `${flipped}.${signature}`;
}

describe("unsubscribe links", () => {
  it("round-trips the claims, with the address in lower case, under the app's /email/unsubscribe", () => {
    const url = unsubscribeUrl(APP, { shop: "demo.myshopify.com", email: "Buyer@Example.COM", locale: "el" }, SECRET);
    expect(url).toMatch(/^https:\/\/app\.example\/email\/unsubscribe\?token=[\w-]+\.[\w-]{43}$/);
    expect(readUnsubscribeToken(tokenOf(url), SECRET)).toEqual({ shop: "demo.myshopify.com", email: "buyer@example.com", locale: "el" });
  });

  it("rejects a tampered token, a token signed with another secret, and garbage", () => {
    const token = tokenOf(unsubscribeUrl(APP, { shop: "demo.myshopify.com", email: "buyer@example.com", locale: "en" }, SECRET));
    expect(readUnsubscribeToken(tamper(token), SECRET)).toBeNull();
    expect(readUnsubscribeToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, SECRET)).toBeNull();
    expect(readUnsubscribeToken(token, "another-secret")).toBeNull();
    expect(readUnsubscribeToken("", SECRET)).toBeNull();
    expect(readUnsubscribeToken("not-a-token", SECRET)).toBeNull();
  });

  it("a payload for another shop cannot be made by editing the token", () => {
    const token = tokenOf(unsubscribeUrl(APP, { shop: "a.myshopify.com", email: "buyer@example.com", locale: "en" }, SECRET));
    const [payload, signature] = token.split(".");
    const edited = Buffer.from(Buffer.from(payload!, "base64url").toString().replace("a.myshopify.com", "b.myshopify.com")).toString(
      "base64url",
    );
    expect(readUnsubscribeToken(`${edited}.${signature}`, SECRET)).toBeNull();
  });
});

describe("survey links", () => {
  it("gives one link per score, 1 to 5, carrying the same signed claims", () => {
    const links = surveyUrls(APP, { shop: "demo.myshopify.com", messageId: "msg_1", locale: "en" }, SECRET);
    expect(links.map((link) => link.score)).toEqual([1, 2, 3, 4, 5]);
    for (const link of links) {
      const url = new URL(link.url);
      expect(`${url.origin}${url.pathname}`).toBe("https://app.example/email/survey");
      expect(url.searchParams.get("score")).toBe(String(link.score));
      expect(readSurveyToken(url.searchParams.get("token")!, SECRET)).toEqual({
        shop: "demo.myshopify.com",
        messageId: "msg_1",
        locale: "en",
      });
    }
    expect(readSurveyToken(tamper(tokenOf(links[0]!.url)), SECRET)).toBeNull();
  });
});

describe("token purposes", () => {
  it("an unsubscribe token is not a survey token, nor the other way round", () => {
    const unsubscribe = tokenOf(unsubscribeUrl(APP, { shop: "demo.myshopify.com", email: "buyer@example.com", locale: "en" }, SECRET));
    const survey = tokenOf(surveyUrls(APP, { shop: "demo.myshopify.com", messageId: "msg_1", locale: "en" }, SECRET)[0]!.url);
    expect(readSurveyToken(unsubscribe, SECRET)).toBeNull();
    expect(readUnsubscribeToken(survey, SECRET)).toBeNull();
  });
});
