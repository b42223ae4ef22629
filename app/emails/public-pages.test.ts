import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  invalidLinkPage,
  localeFromAcceptLanguage,
  PUBLIC_PAGE_HEADERS,
  publicPageResponse,
  surveyAnsweredPage,
  surveyConfirmPage,
  surveyFeedbackPage,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from "./public-pages";

const EVIL_SHOP = `Tom & Jerry's <script>alert(1)</script>`;
const EVIL_EMAIL = `"><img src=x onerror=alert(1)>@example.com`;

const h1s = (html: string) => html.match(/<h1[\s>]/g) ?? [];

describe("public email pages", () => {
  it("escapes the shop name, the address and the token everywhere", () => {
    const pages = [
      unsubscribeConfirmPage({ locale: "en", email: EVIL_EMAIL, shopName: EVIL_SHOP, token: `a"b<c` }),
      unsubscribedPage({ locale: "el", email: EVIL_EMAIL, shopName: EVIL_SHOP }),
      surveyAnsweredPage({ locale: "en", shopName: EVIL_SHOP, score: 1, unhappy: true, token: `a"b<c` }),
      surveyFeedbackPage({ locale: "el", shopName: EVIL_SHOP }),
      surveyConfirmPage({ locale: "en", shopName: EVIL_SHOP, score: 3, token: `a"b<c` }),
    ];
    for (const html of pages) {
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<img");
      expect(html).not.toContain(`a"b`);
      expect(html).toContain("Tom &amp; Jerry&#39;s &lt;script&gt;alert(1)&lt;/script&gt;");
    }
    expect(pages[0]).toContain(`value="a&quot;b&lt;c"`);
    expect(pages[0]).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@example.com");
  });

  it("is a complete, accessible document: language, one heading, viewport, labelled fields, focus style, no external assets", () => {
    const html = surveyAnsweredPage({ locale: "el", shopName: "Κατάστημα", score: 4, unhappy: false, token: "t" });
    expect(html).toMatch(/^<!doctype html>\n<html lang="el">/);
    expect(h1s(html)).toHaveLength(1);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<label for="comment">');
    expect(html).toContain('<textarea id="comment" name="comment"');
    expect(html).toContain(":focus-visible{outline:3px solid");
    expect(html).not.toMatch(/<script|src="http|href="http|@import/);
    for (const page of [
      invalidLinkPage("en"),
      unsubscribedPage({ locale: "en", email: "a@b.c", shopName: "S" }),
      surveyFeedbackPage({ locale: "en", shopName: "S" }),
    ]) {
      expect(h1s(page)).toHaveLength(1);
      expect(page).toContain('<html lang="en">');
    }
  });

  it("speaks the email's language", () => {
    const en = unsubscribeConfirmPage({ locale: "en", email: "alex@example.com", shopName: "Demo Store", token: "t" });
    expect(en).toContain("<h1>Unsubscribe alex@example.com from Demo Store emails?</h1>");
    expect(en).toContain('<button type="submit">Unsubscribe</button>');
    expect(en).toContain('<form method="post">');
    const el = unsubscribeConfirmPage({ locale: "el", email: "maria@example.com", shopName: "Demo Store", token: "t" });
    expect(el).toContain("<h1>Διαγραφή του maria@example.com από τα email του Demo Store;</h1>");
    expect(el).toContain("Διαγραφή από τη λίστα</button>");

    expect(unsubscribedPage({ locale: "en", email: "alex@example.com", shopName: "Demo Store" })).toContain(
      "<h1>You&#39;re unsubscribed</h1>",
    );
    expect(unsubscribedPage({ locale: "el", email: "maria@example.com", shopName: "Demo Store" })).toContain(
      "<h1>Η διαγραφή σας ολοκληρώθηκε</h1>",
    );
    expect(invalidLinkPage("en")).toContain("<h1>This link is not valid</h1>");
    expect(invalidLinkPage("el")).toContain("<h1>Αυτός ο σύνδεσμος δεν είναι έγκυρος</h1>");
    expect(surveyFeedbackPage({ locale: "en", shopName: "S" })).toContain("<h1>Thanks for your feedback</h1>");
    expect(surveyFeedbackPage({ locale: "el", shopName: "S" })).toContain("<h1>Ευχαριστούμε για τα σχόλιά σας</h1>");
  });

  it("shows the chosen score, and tells an unhappy customer the store will be in touch", () => {
    const happy = surveyAnsweredPage({ locale: "en", shopName: "Demo Store", score: 5, unhappy: false, token: "t" });
    expect(happy).toContain("You rated your experience 5 out of 5.");
    expect(happy).toContain("Tell us more");
    expect(happy).not.toContain("will be in touch");
    const unhappy = surveyAnsweredPage({ locale: "en", shopName: "Demo Store", score: 2, unhappy: true, token: "t" });
    expect(unhappy).toContain("You rated your experience 2 out of 5.");
    expect(unhappy).toContain("Demo Store will be in touch");
    const greek = surveyAnsweredPage({ locale: "el", shopName: "Demo Store", score: 1, unhappy: true, token: "t" });
    expect(greek).toContain("Βαθμολογήσατε την εμπειρία σας με 1 στα 5.");
    expect(greek).toContain("Το Demo Store θα επικοινωνήσει μαζί σας");
  });

  it("asks for the survey answer first, the clicked score chosen, in a labelled group posted by a button", () => {
    const html = surveyConfirmPage({ locale: "en", shopName: "Demo Store", score: 2, token: "t" });
    expect(h1s(html)).toHaveLength(1);
    expect(html).toContain('<form method="post">');
    expect(html).toContain('<fieldset class="scores"><legend>Your score, from 1 (not good) to 5 (excellent)</legend>');
    for (const n of [1, 3, 4, 5]) expect(html).toContain(`<label><input type="radio" name="score" value="${n}" required> ${n}</label>`);
    expect(html).toContain('<label><input type="radio" name="score" value="2" required checked> 2</label>');
    expect(html).toContain('<button type="submit">Send my answer</button>');
    expect(html).not.toContain("<script");
    const greek = surveyConfirmPage({ locale: "el", shopName: "Demo Store", score: 5, token: "t" });
    expect(greek).toContain("<h1>Πώς ήταν η εμπειρία σας;</h1>");
    expect(greek).toContain('value="5" required checked>');
  });

  it("points out an empty comment next to the field", () => {
    const html = surveyAnsweredPage({ locale: "en", shopName: "S", score: 3, unhappy: false, token: "t", commentMissing: true });
    expect(html).toContain('aria-describedby="comment-error" aria-invalid="true"');
    expect(html).toContain('<p id="comment-error" class="error" role="alert">Please write a few words before sending.</p>');
  });

  it("is served private, uncached, unindexed, without a referrer, and with a CSP that allows only its own style", async () => {
    const response = publicPageResponse(invalidLinkPage("en"), 400);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-robots-tag")).toBe("noindex");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await response.text();
    const style = html.match(/<style>([^<]*)<\/style>/)![1]!;
    const hash = createHash("sha256").update(style).digest("base64");
    expect(PUBLIC_PAGE_HEADERS["Content-Security-Policy"]).toContain(`style-src 'sha256-${hash}'`);
    expect(PUBLIC_PAGE_HEADERS["Content-Security-Policy"]).toContain("default-src 'none'");
  });

  it("picks the browser's language when there is no valid token to tell", () => {
    expect(localeFromAcceptLanguage("el-GR,el;q=0.9,en;q=0.8")).toBe("el");
    expect(localeFromAcceptLanguage("de-DE,en;q=0.5,el;q=0.3")).toBe("en");
    expect(localeFromAcceptLanguage("fr")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
  });
});
