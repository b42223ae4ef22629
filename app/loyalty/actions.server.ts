// Points for things customers do besides ordering: creating an account, a published review,
// their birthday, and a friend's first order with their referral code. Each award is one
// ledger entry whose idempotency key names the event, so a repeated webhook, a retried job or
// a second click changes nothing; nothing is awarded while the programme is switched off.
import type { LoyaltyMember, Order } from "@prisma/client";
import type { Db } from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { localDay } from "../lib/time-zone";
import { discountCodes, orderLines } from "../orders/order-lines";
import { createDiscountCode, discountIdByCode, type AdminClient } from "../shopify/admin.server";
import { birthdaysOn, isCalendarDay } from "./dates";
import { entryExists, findOrCreateMember, postToLedger, type EntryInput, type MemberIdentity } from "./ledger.server";
import { loadLoyaltySettings } from "./loyalty-settings.server";
import { afterChange, SYNC_MEMBER_JOB } from "./order-points.server";
import { enqueue } from "../jobs/queue.server";
import { log } from "../lib/log.server";

export const CUSTOMER_CREATED_JOB = "loyalty.customer_created";
/** Enqueued by the reviews code when a review goes live (app/reviews/published.server.ts). */
export { REVIEW_POINTS_JOB } from "../reviews/published.server";

const PROGRAMME_OFF = "The rewards programme is not running right now.";

/** Posts one entry unless its key is in the ledger already; then tier and metafields follow. */
async function awardOnce(db: Db, shop: string, memberId: string, now: Date, entry: Omit<EntryInput, "kind" | "bucket">): Promise<boolean> {
  if (entry.points <= 0) return false;
  const posted = await postToLedger(db, shop, memberId, now, async (tx) =>
    (await entryExists(tx, shop, entry.idempotencyKey)) ? [] : [{ kind: "earn", bucket: "balance", ...entry }],
  );
  if (posted.length === 0) return false;
  await afterChange(db, shop, memberId, now);
  return true;
}

/**
 * The member for a logged-in customer, created when they first use the programme. Their
 * latest order's email lets a guest member with that email be linked instead.
 */
export async function memberForCustomer(db: Db, shop: string, customerId: string): Promise<LoyaltyMember> {
  const known = await db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } } });
  if (known) return known;
  const order = await db.order.findFirst({
    where: { shop, customerId },
    orderBy: { processedAt: "desc" },
    select: { email: true, customerFirstName: true },
  });
  const member = await findOrCreateMember(db, shop, {
    customerId,
    email: order?.email ?? null,
    firstName: order?.customerFirstName ?? null,
  });
  return member!; // a customer id always identifies someone
}

// ── Account created ───────────────────────────────────────────────────────────────────────

/**
 * customers/create: the customer becomes a member (a guest member with the same email is
 * linked and keeps their points) and earns the sign-up points once per customer.
 */
export async function customerCreated(
  db: Db,
  shop: string,
  customer: MemberIdentity & { customerId: string },
  now: Date,
): Promise<LoyaltyMember | null> {
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return null;
  const member = await findOrCreateMember(db, shop, customer);
  if (!member) return null;
  const awarded = await awardOnce(db, shop, member.id, now, {
    points: settings.signupPoints,
    idempotencyKey: `signup:${customer.customerId}`,
    note: "Created an account",
  });
  // A linked guest sees their points on the storefront from now on, even with no sign-up points.
  if (!awarded) await afterChange(db, shop, member.id, now);
  return db.loyaltyMember.findUnique({ where: { id: member.id } });
}

// ── Reviews ───────────────────────────────────────────────────────────────────────────────

/**
 * A review went live: its verified author earns the review points, plus the photo bonus when
 * it has photos, whatever its rating. Only verified buyers earn (the review came from their
 * order's review link, or they were logged in and had bought the product), and imported
 * reviews never do. The award is keyed by member and product, not by review: a customer who
 * bought a product earns for reviewing it once, so deleting and rewriting, a second order of
 * the same product, or a review re-published after rejection cannot farm points; and as a
 * review is about one product by one member, that key also makes each review earn once.
 * Returns the points awarded.
 */
export async function awardReviewPoints(db: Db, shop: string, reviewId: string, now: Date): Promise<number> {
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return 0;
  const review = await db.review.findFirst({ where: { id: reviewId, shop }, include: { _count: { select: { photos: true } } } });
  if (!review || review.status !== "published" || review.source === "import" || !review.verified) return 0;
  const order = review.orderId ? await db.order.findFirst({ where: { id: review.orderId, shop } }) : null;
  const customerId = review.customerId ?? order?.customerId ?? null;
  // The order's email is the buyer's; the address typed into the review form proves nothing.
  const email = order && (!review.customerId || order.customerId === review.customerId) ? order.email : null;
  const member = await findOrCreateMember(db, shop, { customerId, email, firstName: order?.customerFirstName ?? null });
  if (!member) return 0;
  const withPhotos = review._count.photos > 0;
  const points = settings.reviewPoints + (withPhotos ? settings.reviewPhotoBonus : 0);
  const title = order ? orderLines(order).find((line) => line.productId === review.productId)?.title : undefined;
  const awarded = await awardOnce(db, shop, member.id, now, {
    points,
    idempotencyKey: `review-product:${member.id}:${review.productId}`,
    note: `${title ? `Reviewed ${title}` : "Wrote a review"}${withPhotos ? " with photos" : ""}`,
  });
  return awarded ? points : 0;
}

// ── Birthdays ─────────────────────────────────────────────────────────────────────────────

export type SetBirthdayResult = { ok: true } | { ok: false; error: string };

/**
 * Saves the customer's birthday (MM-DD, 02-29 allowed). It can be set once: a birthday the
 * shopper could change would earn birthday points every week.
 */
export async function setBirthday(db: Db, shop: string, customerId: string, birthday: string, now: Date): Promise<SetBirthdayResult> {
  const value = birthday.trim();
  if (!isCalendarDay(value)) return { ok: false, error: "Enter a real date as month and day, for example 04-23." };
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return { ok: false, error: PROGRAMME_OFF };
  const member = await memberForCustomer(db, shop, customerId);
  const { count } = await db.loyaltyMember.updateMany({
    where: { id: member.id, shop, birthday: null },
    data: { birthday: value, updatedAt: now },
  });
  if (count === 1) {
    // The storefront stops asking once the customer's metafield says birthday_set.
    await enqueue(db, { shop, type: SYNC_MEMBER_JOB, payload: { memberId: member.id } });
    return { ok: true };
  }
  const saved = await db.loyaltyMember.findUnique({ where: { id: member.id }, select: { birthday: true } });
  // The same date sent twice (a double click) is not an error.
  if (saved?.birthday === value) return { ok: true };
  return { ok: false, error: "Your birthday is already saved and can't be changed. Please contact us if it is wrong." };
}

/**
 * Birthday points for every member whose birthday is today on the shop's calendar (29 February
 * birthdays on 28 February in other years), once per member and year. Returns how many earned.
 */
export async function awardBirthdays(db: Db, shop: string, now: Date): Promise<number> {
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled || settings.birthdayPoints <= 0) return 0;
  const today = localDay(now, await shopTimeZone(db, shop));
  let awarded = 0;
  let cursor: string | undefined;
  for (;;) {
    const members = await db.loyaltyMember.findMany({
      where: { shop, birthday: { in: birthdaysOn(today) }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: 200,
      select: { id: true },
    });
    for (const { id } of members) {
      const note = "Happy birthday!";
      if (
        await awardOnce(db, shop, id, now, {
          points: settings.birthdayPoints,
          idempotencyKey: `birthday:${id}:${today.year}`,
          note,
          activity: false,
        })
      )
        awarded++;
    }
    if (members.length < 200) return awarded;
    cursor = members.at(-1)!.id;
  }
}

// ── Referrals ─────────────────────────────────────────────────────────────────────────────

export const FRIEND_CODE_PREFIX = "FRIEND-";

export type ReferralShareResult = { ok: true; url: string; code: string } | { ok: false; error: string };

/**
 * The link a customer shares with friends: /discount/FRIEND-XXXX on the storefront applies
 * their friend code, a percentage off for anyone, once per customer. The code is created in
 * Shopify on first use; nothing is stored, Shopify is asked whether it exists (so a code the
 * merchant deleted is made again).
 */
export async function referralShareUrl(
  db: Db,
  admin: () => Promise<AdminClient>,
  shop: string,
  customerId: string,
  now: Date,
): Promise<ReferralShareResult> {
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return { ok: false, error: PROGRAMME_OFF };
  if (settings.referralDiscountPercent <= 0) return { ok: false, error: "Referrals are not offered right now." };
  const member = await memberForCustomer(db, shop, customerId);
  const code = `${FRIEND_CODE_PREFIX}${member.referralCode}`;
  const client = await admin();
  if (!(await discountIdByCode(client, code))) {
    try {
      await createDiscountCode(client, {
        title: `Friend referral ${code} (loyalty)`,
        code,
        value: { kind: "percent_off", percent: settings.referralDiscountPercent },
        customerId: null,
        usageLimit: null,
        minimumSubtotal: null,
        startsAt: now,
      });
    } catch (error) {
      // Shopify says the code exists: made a moment ago by another request. Anything else is a failure.
      if (!(await discountIdByCode(client, code))) {
        log.error({ shop, code, err: error }, "referral share link: could not create the discount code");
        return { ok: false, error: "We couldn't create your referral link. Please try again later." };
      }
    }
  }
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { storefrontUrl: true } });
  const storefrontUrl = (shopRow?.storefrontUrl ?? `https://${shop}`).replace(/\/$/, "");
  return { ok: true, url: `${storefrontUrl}/discount/${encodeURIComponent(code)}`, code };
}

/** The referral code in the order's discount codes (FRIEND-XXXX, any case), or null. */
export function friendCodeOf(codes: string[]): string | null {
  for (const code of codes) {
    const match = /^FRIEND-([A-Z0-9]+)$/i.exec(code.trim());
    if (match) return match[1]!.toUpperCase();
  }
  return null;
}

/** The order's email as written and in lower case: orders keep the address as Shopify sent it. */
const emailsOf = (order: Order): string[] => (order.email ? [...new Set([order.email, order.email.trim().toLowerCase()])] : []);

/** Whether the order's buyer is the referrer under another name: same customer, or an email of theirs. */
async function isReferrer(db: Db, shop: string, referrer: LoyaltyMember, order: Order): Promise<boolean> {
  if (referrer.customerId && referrer.customerId === order.customerId) return true;
  const emails = emailsOf(order);
  if (emails.length === 0) return false;
  if (referrer.email && emails.includes(referrer.email)) return true;
  if (!referrer.customerId) return false;
  const theirs = await db.order.findFirst({
    where: { shop, customerId: referrer.customerId, email: { in: emails } },
    select: { id: true },
  });
  return theirs !== null;
}

/**
 * After a paid order is recorded: when it used another member's friend code and is the
 * buyer's first order, the referrer earns the referral points (once per order) and the buyer's
 * member records who referred them. Buying with one's own code, or a second order, earns
 * nothing. Returns whether points were awarded.
 */
export async function creditReferral(db: Db, shop: string, orderId: string, now: Date): Promise<boolean> {
  const order = await db.order.findFirst({ where: { id: orderId, shop } });
  if (!order?.paidAt || order.cancelledAt) return false;
  const referralCode = friendCodeOf(discountCodes(order));
  if (!referralCode) return false;
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return false;
  const referrer = await db.loyaltyMember.findUnique({ where: { shop_referralCode: { shop, referralCode } } });
  if (!referrer) return false;
  const buyerEmail = order.email?.trim().toLowerCase() || null;
  if (!order.customerId && !buyerEmail) return false;
  if (await isReferrer(db, shop, referrer, order)) return false;

  // A friend is new to the shop: any earlier order under their account or email disqualifies.
  const earlier = await db.order.count({
    where: {
      shop,
      id: { not: order.id },
      processedAt: { lte: order.processedAt },
      OR: [
        ...(order.customerId ? [{ customerId: order.customerId }] : []),
        ...(emailsOf(order).length > 0 ? [{ email: { in: emailsOf(order) } }] : []),
      ],
    },
  });
  if (earlier > 0) return false;

  const buyer = await findOrCreateMember(db, shop, { customerId: order.customerId, email: buyerEmail, firstName: order.customerFirstName });
  if (!buyer || buyer.id === referrer.id) return false;
  await db.loyaltyMember.updateMany({ where: { id: buyer.id, shop, referredBy: null }, data: { referredBy: referrer.id } });
  return awardOnce(db, shop, referrer.id, now, {
    points: settings.referrerPoints,
    idempotencyKey: `referral:${order.id}`,
    note: `Referred a friend: order ${order.name}`,
  });
}
