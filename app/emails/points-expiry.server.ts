// The loyalty programme's warning before a member's points expire, sent through the outbox.
// It is about a member, not an order: its EmailMessage row's orderId is
// `loyalty-member:<member id>` and its orderName is empty. The idempotency key names the
// member's last activity, so a member is warned once per period of inactivity; the daily run
// queues it (app/loyalty/expiry.server.ts) and the send re-checks everything here first.
import type { EmailMessage } from "@prisma/client";
import type { Db } from "../db.server";
import { pointsExpireAt } from "../loyalty/dates";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { hasEmailMarketingConsent } from "./consent.server";
import { buildEmailContext } from "./email-context";
import { listUnsubscribeHeaders, unsubscribeUrl } from "./email-links";
import { loadEmailSettings } from "./email-settings.server";
import { renderTemplateOrDefault, type OutboxConfig, type PreparedEmail } from "./prepared-email.server";
import type { EmailLocale } from "./template-kinds";

export const POINTS_EXPIRY_FLOW = "points_expiry";
const SUBJECT_PREFIX = "loyalty-member:";

/** What the row's orderId holds for a member's email. */
export const pointsExpirySubject = (memberId: string) => `${SUBJECT_PREFIX}${memberId}`;
export const pointsExpiryKey = (memberId: string, lastActivityAt: Date) =>
  `${SUBJECT_PREFIX}${memberId}:points_expiry:${lastActivityAt.toISOString()}`;

/** The storefront page where points are spent (the theme's rewards page). */
export const rewardsUrl = (storefrontUrl: string) => `${storefrontUrl.replace(/\/$/, "")}/pages/rewards`;

/** Re-checks the warning just before it goes (still points, still inactive, still wanted) and composes it. */
export async function preparePointsExpiryEmail(db: Db, config: OutboxConfig, message: EmailMessage, now: Date): Promise<PreparedEmail> {
  const { shop } = message;
  const memberId = message.orderId.startsWith(SUBJECT_PREFIX) ? message.orderId.slice(SUBJECT_PREFIX.length) : "";
  const [member, settings, emailSettings, shopRow] = await Promise.all([
    db.loyaltyMember.findFirst({ where: { id: memberId, shop } }),
    loadLoyaltySettings(db, shop),
    loadEmailSettings(db, shop),
    db.shop.findUnique({ where: { domain: shop } }),
  ]);
  if (!member || !message.recipient) return { status: "cancelled", reason: "The member no longer exists" };
  if (!settings.enabled) return { status: "cancelled", reason: "The rewards programme is switched off" };
  if (settings.expiryMonths <= 0) return { status: "cancelled", reason: "Points no longer expire" };
  // Any activity since moves lastActivityAt, and with it the expiry date this email names.
  if (pointsExpiryKey(member.id, member.lastActivityAt) !== message.idempotencyKey)
    return { status: "cancelled", reason: "The customer was active again" };
  if (member.balance <= 0) return { status: "skipped", reason: "No points left to expire" };
  const expiresOn = pointsExpireAt(member, settings);
  if (!expiresOn || expiresOn.getTime() <= now.getTime()) return { status: "skipped", reason: "The points have already expired" };
  const suppressed = await db.emailSuppression.findUnique({ where: { shop_email: { shop, email: message.recipient.toLowerCase() } } });
  if (suppressed)
    return { status: "suppressed", reason: suppressed.reason === "bounced" ? "Address bounced earlier" : "Customer unsubscribed" };
  if (emailSettings.marketingConsentOnly) {
    // The customer's consent as Shopify reported it; until it has, what they ticked at their latest checkout.
    const who = [...(member.customerId ? [{ customerId: member.customerId }] : []), ...(member.email ? [{ email: member.email }] : [])];
    const latest =
      who.length > 0
        ? await db.order.findFirst({ where: { shop, OR: who }, orderBy: { processedAt: "desc" }, select: { acceptsMarketing: true } })
        : null;
    const consented = await hasEmailMarketingConsent(
      db,
      shop,
      { customerId: member.customerId, email: member.email },
      latest?.acceptsMarketing ?? false,
    );
    if (!consented) return { status: "skipped", reason: "No email marketing consent" };
  }

  const locale = message.locale as EmailLocale;
  const storefrontUrl = shopRow?.storefrontUrl ?? `https://${shop}`;
  const unsubscribe = unsubscribeUrl(config.appUrl, { shop, email: message.recipient, locale }, config.secret);
  const context = buildEmailContext({
    shop: { name: shopRow?.name ?? shop, storefrontUrl, email: shopRow?.email ?? "", timeZone: shopRow?.ianaTimezone ?? "UTC" },
    customer: { firstName: member.firstName ?? "", email: message.recipient },
    points: { balance: member.balance, expiresOn, rewardsUrl: rewardsUrl(storefrontUrl) },
    locale,
    unsubscribeUrl: unsubscribe,
  });
  const { rendered, note } = await renderTemplateOrDefault(db, { shop, kind: "points_expiry", locale, messageId: message.id }, context);
  return { status: "send", rendered, note, headers: listUnsubscribeHeaders(unsubscribe), shop: shopRow };
}
