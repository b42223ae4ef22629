// The loyalty programme's "your points are ready to spend" email, sent through the outbox when
// an order's pending points are released after the returns window (app/loyalty/order-points.server.ts).
// Like the expiry warning it is about a member, not an order: its EmailMessage row's orderId is
// `loyalty-member:<member id>`, its orderName is empty, and its idempotency key names the order
// whose points were released, so each release is announced once however often its job runs.
import type { EmailMessage } from "@prisma/client";
import type { Db } from "../db.server";
import { loadLoyaltySettings } from "../loyalty/loyalty-settings.server";
import { mayEmailMember } from "../loyalty/member-contact.server";
import { buildEmailContext } from "./email-context";
import { listUnsubscribeHeaders, unsubscribeUrl } from "./email-links";
import { pointsExpirySubject, rewardsUrl } from "./points-expiry.server";
import { renderTemplateOrDefault, type OutboxConfig, type PreparedEmail } from "./prepared-email.server";
import type { EmailLocale } from "./template-kinds";

export const POINTS_AVAILABLE_FLOW = "points_available";

/** The same subject as the expiry warning: the member. */
export const pointsAvailableSubject = pointsExpirySubject;
export const pointsAvailableKey = (memberId: string, orderId: string) => `${pointsAvailableSubject(memberId)}:points_available:${orderId}`;

/** The points the message announces: the release entry it is keyed by. */
const releaseKeyOf = (message: EmailMessage) => `order:${message.idempotencyKey.split(":points_available:")[1] ?? ""}:release`;

/** Re-checks the email just before it goes (programme and switch on, still wanted, still consented) and composes it. */
export async function preparePointsAvailableEmail(db: Db, config: OutboxConfig, message: EmailMessage): Promise<PreparedEmail> {
  const { shop } = message;
  const memberId = message.orderId.slice(pointsAvailableSubject("").length);
  const [member, settings, release, shopRow] = await Promise.all([
    db.loyaltyMember.findFirst({ where: { id: memberId, shop } }),
    loadLoyaltySettings(db, shop),
    db.loyaltyEntry.findUnique({ where: { shop_idempotencyKey: { shop, idempotencyKey: releaseKeyOf(message) } } }),
    db.shop.findUnique({ where: { domain: shop } }),
  ]);
  if (!member || !message.recipient || !release || release.memberId !== member.id)
    return { status: "cancelled", reason: "The member or the released points no longer exist" };
  if (!settings.enabled) return { status: "cancelled", reason: "The rewards programme is switched off" };
  if (!settings.pointsAvailableEmail) return { status: "cancelled", reason: "Points-available emails are switched off" };
  if (member.balance <= 0) return { status: "skipped", reason: "No points left to spend" };
  const suppressed = await db.emailSuppression.findUnique({ where: { shop_email: { shop, email: message.recipient.toLowerCase() } } });
  if (suppressed)
    return { status: "suppressed", reason: suppressed.reason === "bounced" ? "Address bounced earlier" : "Customer unsubscribed" };
  if (!(await mayEmailMember(db, shop, member))) return { status: "skipped", reason: "No email marketing consent" };

  const locale = message.locale as EmailLocale;
  const storefrontUrl = shopRow?.storefrontUrl ?? `https://${shop}`;
  const unsubscribe = unsubscribeUrl(config.appUrl, { shop, email: message.recipient, locale }, config.secret);
  const context = buildEmailContext({
    shop: { name: shopRow?.name ?? shop, storefrontUrl, email: shopRow?.email ?? "", timeZone: shopRow?.ianaTimezone ?? "UTC" },
    customer: { firstName: member.firstName ?? "", email: message.recipient },
    points: { balance: member.balance, released: release.points, rewardsUrl: rewardsUrl(storefrontUrl) },
    locale,
    unsubscribeUrl: unsubscribe,
  });
  const { rendered, note } = await renderTemplateOrDefault(db, { shop, kind: "points_available", locale, messageId: message.id }, context);
  return { status: "send", rendered, note, headers: listUnsubscribeHeaders(unsubscribe), shop: shopRow };
}
