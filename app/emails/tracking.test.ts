import { describe, expect, it } from "vitest";
import { addTracking, clickUrl, openPixelUrl, readClickToken, readOpenToken } from "./tracking";

const SECRET = "tracking-test-secret";
const APP = "https://app.example/";
const MESSAGE = { shop: "a.myshopify.com", messageId: "msg-1" };
const tokenOf = (url: string) => new URL(url).searchParams.get("t")!;

/** The token with its payload changed and the old signature kept: what a forger can do without the secret. */
function tamper(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [payload, signature] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
  change(claims);
  return `${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
}

describe("tracking links", () => {
  it("reads back the message of an open pixel and the message and target of a click", () => {
    const open = openPixelUrl(APP, MESSAGE, SECRET);
    expect(open.startsWith("https://app.example/email/open?t=")).toBe(true);
    expect(readOpenToken(tokenOf(open), SECRET)).toEqual(MESSAGE);
    const click = clickUrl(APP, MESSAGE, "https://shop.example/apps/retention/review?token=x.y&locale=el", SECRET);
    expect(click.startsWith("https://app.example/email/click?t=")).toBe(true);
    expect(readClickToken(tokenOf(click), SECRET)).toEqual({
      ...MESSAGE,
      target: "https://shop.example/apps/retention/review?token=x.y&locale=el",
    });
  });

  it("refuses another secret, a changed target or message, and an open token used as a click", () => {
    const click = tokenOf(clickUrl(APP, MESSAGE, "https://shop.example/", SECRET));
    expect(readClickToken(click, "another-secret")).toBeNull();
    expect(
      readClickToken(
        tamper(click, (c) => (c.u = "https://evil.example/")),
        SECRET,
      ),
    ).toBeNull();
    expect(
      readClickToken(
        tamper(click, (c) => (c.m = "msg-2")),
        SECRET,
      ),
    ).toBeNull();
    expect(
      readClickToken(
        tamper(click, (c) => (c.s = "b.myshopify.com")),
        SECRET,
      ),
    ).toBeNull();
    const open = tokenOf(openPixelUrl(APP, MESSAGE, SECRET));
    expect(readClickToken(open, SECRET)).toBeNull();
    expect(readOpenToken(click, SECRET)).toBeNull();
    expect(readOpenToken("", SECRET)).toBeNull();
    expect(readOpenToken("nope", SECRET)).toBeNull();
  });

  it("never redirects to a target that is not a web address, even when signed", () => {
    for (const target of ["javascript:alert(1)", "data:text/html,x", "//evil.example", "mailto:a@b.c"]) {
      expect(readClickToken(tokenOf(clickUrl(APP, MESSAGE, target, SECRET)), SECRET), target).toBeNull();
    }
  });
});

describe("addTracking", () => {
  const html = [
    "<html><body>",
    '<a href="https://shop.example/review?token=a.b&amp;locale=en" style="color:#000">Review</a>',
    '<a class="x" href="https://app.example/email/unsubscribe?token=u.v">Unsubscribe</a>',
    '<a href="mailto:owner@shop.example">Mail us</a>',
    "</body></html>",
  ].join("\n");
  const tracked = addTracking(html, {
    appUrl: APP,
    secret: SECRET,
    message: MESSAGE,
    except: ["https://app.example/email/unsubscribe?token=u.v"],
  });

  it("sends web links through the signed click redirect, with the target unescaped", () => {
    const href = /<a href="([^"]*)" style/.exec(tracked)![1]!.replace(/&amp;/g, "&");
    expect(href.startsWith("https://app.example/email/click?t=")).toBe(true);
    expect(readClickToken(tokenOf(href), SECRET)?.target).toBe("https://shop.example/review?token=a.b&locale=en");
  });

  it("leaves the unsubscribe link and non-web links alone and adds one pixel before </body>", () => {
    expect(tracked).toContain('<a class="x" href="https://app.example/email/unsubscribe?token=u.v">');
    expect(tracked).toContain('<a href="mailto:owner@shop.example">');
    expect(tracked.match(/\/email\/open\?t=/g)).toHaveLength(1);
    expect(tracked).toMatch(/<img src="https:\/\/app\.example\/email\/open\?t=[^"]+" width="1" height="1" alt=""[^>]*>\n<\/body>/);
  });
});
