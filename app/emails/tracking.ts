// Open and click tracking for the emails the outbox sends (docs/decisions/0015-email-tracking.md).
// Opens: a 1×1 GIF at /email/open?t=… at the end of the HTML part. Clicks: every web link of the
// HTML part goes through /email/click?t=…, which records the click and redirects.
// Both tokens are signed (security/signed-token.ts) and name their shop and message; a click
// token also carries the target URL, and the redirect goes only there: the app is never an open
// redirect, and a forged or altered link is refused before anything is recorded.
// The unsubscribe link is left as it is: leaving a list must not depend on the app's tracking.
import { z } from "zod";
import { readSignedToken, signToken } from "../security/signed-token";

const OPEN = "email-open.v1";
const CLICK = "email-click.v1";

/** Short keys: the token travels in every link of the email. */
const OpenClaims = z.object({ s: z.string().min(1), m: z.string().min(1) });
const ClickClaims = OpenClaims.extend({ u: z.string().min(1) });

export interface TrackedMessage {
  shop: string;
  messageId: string;
}

const base = (appUrl: string) => appUrl.replace(/\/$/, "");

export function openPixelUrl(appUrl: string, message: TrackedMessage, secret: string): string {
  return `${base(appUrl)}/email/open?t=${signToken(OPEN, { s: message.shop, m: message.messageId }, secret)}`;
}

export function clickUrl(appUrl: string, message: TrackedMessage, target: string, secret: string): string {
  return `${base(appUrl)}/email/click?t=${signToken(CLICK, { s: message.shop, m: message.messageId, u: target }, secret)}`;
}

export function readOpenToken(token: string, secret: string): TrackedMessage | null {
  const read = readSignedToken(OPEN, token, secret);
  const claims = read.ok ? OpenClaims.safeParse(read.payload) : null;
  return claims?.success ? { shop: claims.data.s, messageId: claims.data.m } : null;
}

/** The message and the URL signed into the link; null when the link was altered or is not a web address. */
export function readClickToken(token: string, secret: string): (TrackedMessage & { target: string }) | null {
  const read = readSignedToken(CLICK, token, secret);
  const claims = read.ok ? ClickClaims.safeParse(read.payload) : null;
  if (!claims?.success || !isWebUrl(claims.data.u)) return null;
  return { shop: claims.data.s, messageId: claims.data.m, target: claims.data.u };
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#x27;": "'", "&lt;": "<", "&gt;": ">" };
const unescapeAttribute = (value: string) => value.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

// <a … href="…"> with the href in double quotes, as the layout, the block editor and the default
// templates write it (liquidjs escapes what merchants' variables put inside).
const ANCHOR_HREF = /(<a\b[^>]*?\bhref=")([^"]*)(")/gi;

/**
 * The HTML part with its web links through the click redirect and the open pixel before </body>.
 * `except` lists URLs left alone (the unsubscribe link).
 */
export function addTracking(
  html: string,
  { appUrl, secret, message, except }: { appUrl: string; secret: string; message: TrackedMessage; except: string[] },
): string {
  const linked = html.replace(ANCHOR_HREF, (whole, before: string, href: string, after: string) => {
    const target = unescapeAttribute(href).trim();
    if (!isWebUrl(target) || except.includes(target)) return whole;
    return `${before}${escapeAttribute(clickUrl(appUrl, message, target, secret))}${after}`;
  });
  const pixel = `<img src="${escapeAttribute(openPixelUrl(appUrl, message, secret))}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  return linked.includes("</body>") ? linked.replace("</body>", `${pixel}\n</body>`) : `${linked}${pixel}`;
}

/** The smallest transparent GIF: what the open pixel answers. */
export const TRANSPARENT_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
