// The programme's daily run: birthday points, the warning before inactive points expire, and
// the expiry itself. A "loyalty.daily" job per shop runs it each morning (shop time) and
// enqueues the next day's; a dedupe key per shop-local day keeps one job per day however
// often it is scheduled.
import type { LoyaltyMember } from "@prisma/client";
import type { Db } from "../db.server";
import { queuePointsExpiryWarning } from "../emails/outbox.server";
import { enqueue } from "../jobs/queue.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { addLocalDays, dayKey, localDay, zonedTime, type LocalDay } from "../lib/time-zone";
import { awardBirthdays } from "./actions.server";
import { addMonths, pointsExpireAt, warningDueAt } from "./dates";
import { entryExists, postToLedger } from "./ledger.server";
import { loadLoyaltySettings, type LoyaltySettingsValues } from "./loyalty-settings.server";
import { contactOf } from "./member-contact.server";
import { afterChange } from "./order-points.server";

export const DAILY_JOB = "loyalty.daily";
/** Shop-local hour of the daily run: birthday points arrive and warnings are sent in the morning. */
export const DAILY_RUN_HOUR = 9;
const DAY_MS = 86_400_000;
const BATCH = 200;

export interface DailySummary {
  birthdays: number;
  warned: number;
  expired: number;
}

async function enqueueDailyRun(db: Db, shop: string, day: LocalDay, runAt: Date): Promise<boolean> {
  // Most calls find the day's run there already: the insert then adds nothing (one statement either way).
  return (
    (await enqueue(db, { shop, type: DAILY_JOB, payload: { day: dayKey(day) }, runAt, dedupeKey: `loyalty-daily:${dayKey(day)}` })) !== null
  );
}

/**
 * Makes sure the daily run happens today (shop time): enqueues today's run, due now, unless it
 * exists already. Idempotent and cheap; call it when the programme is switched on (the settings
 * route) and from events that show the shop is live. Returns whether a run was enqueued.
 */
export async function scheduleLoyaltyDaily(db: Db, shop: string, now: Date): Promise<boolean> {
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return false;
  return enqueueDailyRun(db, shop, localDay(now, await shopTimeZone(db, shop)), now);
}

/** The job: today's run, then tomorrow's is enqueued. A programme switched off stops the chain until it is switched on again. */
export async function runDailyJob(db: Db, shop: string, now: Date, signal?: AbortSignal): Promise<DailySummary | null> {
  const shopRow = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true, ianaTimezone: true } });
  if (shopRow?.uninstalledAt) return null;
  const settings = await loadLoyaltySettings(db, shop);
  if (!settings.enabled) return null;
  const summary = await runLoyaltyDaily(db, shop, now, signal);
  signal?.throwIfAborted();
  const timeZone = shopRow?.ianaTimezone ?? "UTC";
  const tomorrow = addLocalDays(localDay(now, timeZone), 1);
  await enqueueDailyRun(db, shop, tomorrow, zonedTime(tomorrow, DAILY_RUN_HOUR, timeZone));
  return summary;
}

/**
 * Birthdays, then warnings, then expiry. Safe to repeat: birthdays are keyed per year, a
 * member is warned once per period of inactivity, and an expiry is keyed by the activity it
 * follows. `signal` (the job's) stops it before the next member's change.
 */
export async function runLoyaltyDaily(db: Db, shop: string, now: Date, signal?: AbortSignal): Promise<DailySummary> {
  const settings = await loadLoyaltySettings(db, shop);
  const summary: DailySummary = { birthdays: 0, warned: 0, expired: 0 };
  if (!settings.enabled) return summary;
  summary.birthdays = await awardBirthdays(db, shop, now);
  if (settings.expiryMonths <= 0) return summary;
  if (settings.expiryWarningDays > 0) {
    for await (const member of candidates(db, shop, now, settings, true)) {
      signal?.throwIfAborted();
      const due = warningDueAt(member, settings);
      if (due && due.getTime() <= now.getTime() && (await warnMember(db, shop, member, now))) summary.warned++;
    }
  }
  for await (const member of candidates(db, shop, now, settings, false)) {
    signal?.throwIfAborted();
    const at = pointsExpireAt(member, settings);
    if (at && at.getTime() <= now.getTime() && (await expireMember(db, shop, member, settings, now))) summary.expired++;
  }
  return summary;
}

/**
 * Members with points whose inactivity is near (warning) or past (expiry) the limit, in pages.
 * The date cut-off is a few days generous (month lengths); callers check each member exactly.
 */
async function* candidates(
  db: Db,
  shop: string,
  now: Date,
  settings: LoyaltySettingsValues,
  warning: boolean,
): AsyncGenerator<LoyaltyMember> {
  const ahead = (warning ? settings.expiryWarningDays : 0) + 4;
  const cutoff = addMonths(new Date(now.getTime() + ahead * DAY_MS), -settings.expiryMonths);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.loyaltyMember.findMany({
      where: {
        shop,
        balance: { gt: 0 },
        lastActivityAt: { lte: cutoff },
        ...(warning ? { expiryWarnedAt: null } : {}),
        ...(cursor ? { id: { gt: cursor } } : {}),
      },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    yield* page;
    if (page.length < BATCH) return;
    cursor = page.at(-1)!.id;
  }
}

/** Marks the member warned and queues the email, together; false when activity got there first. */
async function warnMember(db: Db, shop: string, member: LoyaltyMember, now: Date): Promise<boolean> {
  const contact = await contactOf(db, shop, member);
  return db.$transaction(async (tx) => {
    const { count } = await tx.loyaltyMember.updateMany({
      where: { id: member.id, shop, expiryWarnedAt: null, lastActivityAt: member.lastActivityAt, balance: { gt: 0 } },
      data: { expiryWarnedAt: now },
    });
    if (count === 0) return false;
    // Without an address there is nobody to write to; the member still counts as warned, so the points can expire.
    if (contact.email) {
      await queuePointsExpiryWarning(tx, {
        shop,
        memberId: member.id,
        lastActivityAt: member.lastActivityAt,
        recipient: contact.email,
        locale: contact.locale,
        now,
      });
    }
    return true;
  });
}

async function expireMember(db: Db, shop: string, member: LoyaltyMember, settings: LoyaltySettingsValues, now: Date): Promise<boolean> {
  const posted = await postToLedger(db, shop, member.id, now, async (tx, locked) => {
    // Under the member's lock: activity since the candidate was read means nothing expires.
    if (locked.balance <= 0 || locked.lastActivityAt.getTime() !== member.lastActivityAt.getTime()) return [];
    const at = pointsExpireAt(locked, settings);
    if (!at || at.getTime() > now.getTime()) return [];
    const key = `expire:${locked.id}:${locked.lastActivityAt.toISOString()}`;
    if (await entryExists(tx, shop, key)) return [];
    const months = settings.expiryMonths;
    return [
      {
        kind: "expire",
        bucket: "balance",
        points: -locked.balance,
        idempotencyKey: key,
        note: `Expired after ${months} month${months === 1 ? "" : "s"} without activity`,
      },
    ];
  });
  if (posted.length === 0) return false;
  await afterChange(db, shop, member.id, now);
  return true;
}
