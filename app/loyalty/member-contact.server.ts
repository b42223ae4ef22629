// Writing to a loyalty member: their address and language (their own, else their latest
// order's), and whether they may be emailed when the shop emails only customers who consented.
import type { LoyaltyMember } from "@prisma/client";
import type { Db } from "../db.server";
import { hasEmailMarketingConsent } from "../emails/consent.server";
import { loadEmailSettings } from "../emails/email-settings.server";
import { emailLocaleFor } from "../emails/template-kinds";

type Member = Pick<LoyaltyMember, "customerId" | "email">;

const whoIs = (member: Member) => [
  ...(member.customerId ? [{ customerId: member.customerId }] : []),
  ...(member.email ? [{ email: member.email }] : []),
];

/** Where and in which language to write to a member: their address, else their latest order's. */
export async function contactOf(db: Db, shop: string, member: Member) {
  const who = whoIs(member);
  const [latest, shopRow] = await Promise.all([
    who.length > 0
      ? db.order.findFirst({ where: { shop, OR: who }, orderBy: { processedAt: "desc" }, select: { email: true, customerLocale: true } })
      : null,
    db.shop.findUnique({ where: { domain: shop }, select: { primaryLocale: true } }),
  ]);
  return {
    email: member.email ?? latest?.email?.toLowerCase() ?? null,
    locale: emailLocaleFor(latest?.customerLocale, shopRow?.primaryLocale),
  };
}

/**
 * Whether the shop's consent rule lets it email the member: always, unless the merchant emails
 * only customers who accepted email marketing; then the consent Shopify reported, or what they
 * ticked at their latest checkout until it has.
 */
export async function mayEmailMember(db: Db, shop: string, member: Member): Promise<boolean> {
  const settings = await loadEmailSettings(db, shop);
  if (!settings.marketingConsentOnly) return true;
  const who = whoIs(member);
  const latest =
    who.length > 0
      ? await db.order.findFirst({ where: { shop, OR: who }, orderBy: { processedAt: "desc" }, select: { acceptsMarketing: true } })
      : null;
  return hasEmailMarketingConsent(db, shop, { customerId: member.customerId, email: member.email }, latest?.acceptsMarketing ?? false);
}
