// The loyalty programme as the storefront sees it through the app proxy: what a shopper can
// read (the programme, their own points, which rewards they can afford), the HTTP answer for
// each way a redemption can fail (the request rate limit is app/security/rate-limit.server.ts),
// and the small page a form posted without JavaScript gets back (served as Liquid, so it shows
// inside the theme).
import { z } from "zod";
import type { Db } from "../db.server";
import { escapeHtml } from "../lib/text";
import { memberStatus, programJson, type MemberStatus } from "./metafield-sync.server";
import type { RedeemResult } from "./redeem.server";

export type Program = Awaited<ReturnType<typeof programJson>>;
export type StorefrontReward = Program["rewards"][number] & { affordable: boolean; points_needed: number };

export interface StorefrontView {
  logged_in: boolean;
  program: Program;
  /** The logged-in customer's points; null for guests and for customers not in the programme yet. */
  member: MemberStatus | null;
  rewards: StorefrontReward[];
}

export async function storefrontView(db: Db, shop: string, customerId: string | null, now: Date): Promise<StorefrontView> {
  const program = await programJson(db, shop);
  const row = customerId
    ? await db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { id: true } })
    : null;
  const member = row ? await memberStatus(db, shop, row.id, now) : null;
  const balance = member?.balance ?? 0;
  return {
    logged_in: customerId !== null,
    program,
    member,
    rewards: program.enabled
      ? program.rewards.map((reward) => ({
          ...reward,
          affordable: member !== null && balance >= reward.points_cost,
          points_needed: Math.max(0, reward.points_cost - balance),
        }))
      : [],
  };
}

/** The reward a form posted without JavaScript asks the shopper to confirm; null when it is not on offer. */
export async function rewardToConfirm(db: Db, shop: string, rewardId: string) {
  return db.loyaltyReward.findFirst({
    where: { id: rewardId, shop, enabled: true },
    select: { id: true, name: true, pointsCost: true, kind: true },
  });
}

/** The member's spendable points now (after a redemption, for the page to show). */
export async function currentBalance(db: Db, shop: string, customerId: string): Promise<number> {
  const member = await db.loyaltyMember.findUnique({ where: { shop_customerId: { shop, customerId } }, select: { balance: true } });
  return member?.balance ?? 0;
}

// ---------------------------------------------------------------- requests and answers

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const BIRTHDAY_MESSAGE = "Enter your birthday as month and day (MM-DD).";

/** "MM-DD" (Feb 29 allowed); forms may send month and day separately. */
export const Birthday = z
  .string({ required_error: BIRTHDAY_MESSAGE, invalid_type_error: BIRTHDAY_MESSAGE })
  .regex(/^\d{2}-\d{2}$/, BIRTHDAY_MESSAGE)
  .refine((value) => {
    const [month, day] = value.split("-").map(Number) as [number, number];
    return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
  }, BIRTHDAY_MESSAGE);

const text = (max: number) => z.string().trim().max(max).optional();

export const LoyaltyPost = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("redeem"),
      rewardId: z.string({ required_error: "Choose a reward." }).trim().min(1, "Choose a reward.").max(64),
      // A form posted without JavaScript is asked first (the block's script asks in a dialog).
      confirmed: z.literal("yes").optional(),
    }),
    z.object({
      intent: z.literal("birthday"),
      birthday: z.preprocess((value) => (typeof value === "string" ? value.trim() : value), Birthday),
    }),
    z.object({ intent: z.literal("referral") }),
  ],
  {
    errorMap: (issue, ctx) =>
      issue.code === "invalid_union_discriminator"
        ? { message: "Unknown request: intent must be redeem, birthday or referral." }
        : { message: ctx.defaultError },
  },
);
export type LoyaltyPost = z.infer<typeof LoyaltyPost>;

/** A form's fields as a plain object; a birthday sent as month + day becomes "MM-DD". */
export function formFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") fields[key] = value;
  const { birthday_month: month, birthday_day: day } = fields;
  if (fields.birthday === undefined && typeof month === "string" && typeof day === "string" && month && day) {
    fields.birthday = `${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  }
  return fields;
}

export const ShopperHints = z.object({ locale: text(20), return_to: text(500) });

export type RedeemFailure = Exclude<RedeemResult, { ok: true }>["reason"] | "rate_limited";

/** Status and message for each way a redemption can fail; the storefront shows its own translation of `reason`. */
export const REDEEM_FAILURES: Record<RedeemFailure, { status: number; error: string }> = {
  not_enough_points: { status: 409, error: "You don't have enough points for this reward yet." },
  not_a_member: { status: 409, error: "You have no points yet: place an order to start earning." },
  programme_off: { status: 409, error: "The rewards programme is paused at the moment." },
  no_such_reward: { status: 422, error: "This reward is no longer available." },
  shopify_refused: { status: 502, error: "Your reward could not be issued and your points were returned. Please try again." },
  shopify_unreachable: {
    status: 504,
    error: "The store did not answer in time. Within a few minutes your reward is issued, or your points come back.",
  },
  rate_limited: { status: 429, error: "You have redeemed several rewards in a short time. Please wait a few minutes." },
};

// ---------------------------------------------------------------- the page without JavaScript

const TEXT = {
  en: {
    redeemed: "Your reward code",
    codeIntro: (reward: string) => `Here is your code for ${reward}. It can be used once, with your account.`,
    apply: "Apply to cart",
    confirmQuestion: (points: number, reward: string) => `Spend ${points.toLocaleString("en")} points for ${reward}?`,
    confirmNote: "You get a code that works once, with your account.",
    confirmCreditNote: "It is added to your store credit, to spend at checkout when you are logged in.",
    credited: (amount: string) => `${amount} added to your store credit`,
    creditNote: "Spend it at checkout when you are logged in to your account.",
    confirm: "Confirm",
    cancel: "Cancel",
    birthday: "Thanks! We saved your birthday.",
    referral: "Share this link with a friend:",
    back: "Back",
    failed: "That didn't work.",
    reasons: {
      not_enough_points: "You don't have enough points for this reward yet.",
      not_a_member: "You have no points yet: place an order to start earning.",
      programme_off: "The rewards programme is paused at the moment.",
      no_such_reward: "This reward is no longer available.",
      shopify_refused: "Your reward could not be issued and your points were returned. Please try again.",
      shopify_unreachable: "The store did not answer in time. Within a few minutes your reward is issued, or your points come back.",
      rate_limited: "You have redeemed several rewards in a short time. Please wait a few minutes.",
    } satisfies Record<RedeemFailure, string>,
  },
  el: {
    redeemed: "Ο κωδικός της ανταμοιβής σας",
    codeIntro: (reward: string) => `Αυτός είναι ο κωδικός σας για: ${reward}. Ισχύει μία φορά, με τον λογαριασμό σας.`,
    apply: "Εφαρμογή στο καλάθι",
    confirmQuestion: (points: number, reward: string) =>
      `Να εξαργυρωθ${points === 1 ? "εί" : "ούν"} ${points.toLocaleString("el")} πόντ${points === 1 ? "ος" : "οι"} για: ${reward};`,
    confirmNote: "Θα λάβετε έναν κωδικό μίας χρήσης, για τον λογαριασμό σας.",
    confirmCreditNote: "Προστίθεται στην πίστωση καταστήματός σας, για χρήση στο ταμείο όταν έχετε συνδεθεί.",
    credited: (amount: string) => `Προστέθηκαν ${amount} στην πίστωση καταστήματός σας`,
    creditNote: "Χρησιμοποιήστε την στο ταμείο όταν έχετε συνδεθεί στον λογαριασμό σας.",
    confirm: "Επιβεβαίωση",
    cancel: "Ακύρωση",
    birthday: "Ευχαριστούμε! Αποθηκεύσαμε τα γενέθλιά σας.",
    referral: "Μοιραστείτε αυτόν τον σύνδεσμο με έναν φίλο:",
    back: "Πίσω",
    failed: "Δεν ήταν δυνατό.",
    reasons: {
      not_enough_points: "Δεν έχετε ακόμη αρκετούς πόντους για αυτή την ανταμοιβή.",
      not_a_member: "Δεν έχετε ακόμη πόντους: κάντε μια παραγγελία για να αρχίσετε να κερδίζετε.",
      programme_off: "Το πρόγραμμα ανταμοιβών είναι προσωρινά σε παύση.",
      no_such_reward: "Αυτή η ανταμοιβή δεν είναι πλέον διαθέσιμη.",
      shopify_refused: "Η ανταμοιβή δεν εκδόθηκε και οι πόντοι σας επιστράφηκαν. Δοκιμάστε ξανά.",
      shopify_unreachable: "Το κατάστημα δεν απάντησε εγκαίρως. Σε λίγα λεπτά η ανταμοιβή σας εκδίδεται ή οι πόντοι σας επιστρέφουν.",
      rate_limited: "Εξαργυρώσατε πολλές ανταμοιβές σε λίγο χρόνο. Περιμένετε λίγα λεπτά.",
    } satisfies Record<RedeemFailure, string>,
  },
} as const;

export type PageLocale = keyof typeof TEXT;
export const pageLocale = (locale: string | null | undefined): PageLocale => (locale?.toLowerCase().startsWith("el") ? "el" : "en");

// Liquid would evaluate {{ }} and {% %} in merchant or shopper text; entities keep them inert.
const inert = (value: string) => escapeHtml(value).replace(/\{/g, "&#123;").replace(/\}/g, "&#125;").replace(/%/g, "&#37;");

// Any origin will do: paths are resolved against it only to see whether they leave it.
const SHOP_ORIGIN = "https://shop.invalid";

/**
 * Only paths on the shop itself: a posted return_to must not send the shopper elsewhere. Read as
 * browsers read an href (the WHATWG URL parser: tabs and line breaks dropped, backslashes taken
 * for slashes, dot segments resolved), so "/<TAB>/evil.example" is seen as the "//evil.example"
 * it becomes. The answer is the path as parsed, never the text as posted.
 */
export function localPath(value: string | undefined): string | null {
  // Backslashes are refused outright: browsers read them as slashes, and no shop path has one.
  if (!value || !value.startsWith("/") || value.includes("\\")) return null;
  let url: URL;
  try {
    url = new URL(value, SHOP_ORIGIN);
  } catch {
    return null;
  }
  // "/..//evil.example" stays on the shop when parsed, but its path "//evil.example" would not as an href.
  if (url.origin !== SHOP_ORIGIN || url.pathname.startsWith("//")) return null;
  return url.pathname + url.search + url.hash;
}

export type PageOutcome =
  | { kind: "confirm"; rewardId: string; reward: string; points: number; storeCredit: boolean }
  | { kind: "redeemed"; code: string; reward: string }
  /** Store credit added: `amount` as the storefront shows money, "5.00 EUR". */
  | { kind: "credited"; amount: string }
  | { kind: "birthday" }
  | { kind: "referral"; url: string }
  | { kind: "failed"; reason?: RedeemFailure; error: string };

/** The answer to a form posted without JavaScript, as Liquid for the app proxy (rendered in the theme). */
export function storefrontMessagePage(locale: PageLocale, outcome: PageOutcome, returnTo: string | null): string {
  const t = TEXT[locale];
  let body: string;
  switch (outcome.kind) {
    case "confirm": {
      // The same form again, confirmed; Cancel goes back without spending anything.
      const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${inert(value)}">`;
      const note = outcome.storeCredit ? t.confirmCreditNote : t.confirmNote;
      body = `<h1>${inert(t.confirmQuestion(outcome.points, outcome.reward))}</h1><p>${inert(note)}</p><form method="post" action="/apps/retention/loyalty">${hidden("intent", "redeem")}${hidden("rewardId", outcome.rewardId)}${hidden("confirmed", "yes")}${hidden("locale", locale)}${returnTo ? hidden("return_to", returnTo) : ""}<p><button type="submit" class="button">${inert(t.confirm)}</button> <a href="${inert(returnTo ?? "/")}">${inert(t.cancel)}</a></p></form>`;
      return `<section class="rw-loyalty-page page-width">${body}</section>`;
    }
    case "redeemed": {
      const href = `/discount/${encodeURIComponent(outcome.code)}?redirect=%2Fcart`;
      body = `<h1>${inert(t.redeemed)}</h1><p>${inert(t.codeIntro(outcome.reward))}</p><p><strong class="rw-loyalty-code">${inert(outcome.code)}</strong></p><p><a class="button" href="${inert(href)}">${inert(t.apply)}</a></p>`;
      break;
    }
    case "credited":
      body = `<h1>${inert(t.credited(outcome.amount))}</h1><p>${inert(t.creditNote)}</p>`;
      break;
    case "birthday":
      body = `<p role="status">${inert(t.birthday)}</p>`;
      break;
    case "referral":
      body = `<p>${inert(t.referral)}</p><p><a href="${inert(outcome.url)}">${inert(outcome.url)}</a></p>`;
      break;
    case "failed":
      body = `<h1>${inert(t.failed)}</h1><p role="alert">${inert(outcome.reason ? t.reasons[outcome.reason] : outcome.error)}</p>`;
      break;
  }
  const back = returnTo ? `<p><a href="${inert(returnTo)}">${inert(t.back)}</a></p>` : "";
  return `<section class="rw-loyalty-page page-width">${body}${back}</section>`;
}
