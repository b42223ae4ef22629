// The merchant's side of reviews: the moderation list, publishing and rejecting, public
// replies, and follow-up tasks. Every query is scoped to the merchant's shop.
import type { MerchantTask, Prisma, ReviewStatus } from "@prisma/client";
import { z } from "zod";
import { dbProvider, type Db } from "../db.server";
import { nextPage, orderedBy } from "../lib/keyset.server";
import { storedText } from "../lib/forms";
import { OrderLine } from "../orders/order-lines";
import { reviewPublished } from "./published.server";
import { enqueueProductSync } from "./sync-product.server";

export type { ReviewStatus };

export interface ReviewFilters {
  status?: ReviewStatus;
  rating?: number;
  verified?: boolean;
  /** Words in the title, the review or the author's name. */
  search?: string;
  productId?: string;
  /** One review (a follow-up task links to it). */
  reviewId?: string;
}

export const ADMIN_PAGE_SIZE_MAX = 100;

const ADMIN_COLUMNS = {
  id: true,
  productId: true,
  orderId: true,
  customerId: true,
  rating: true,
  title: true,
  body: true,
  authorName: true,
  authorEmail: true,
  locale: true,
  verified: true,
  verifiedBy: true,
  status: true,
  source: true,
  importedFrom: true,
  reply: true,
  repliedAt: true,
  createdAt: true,
  publishedAt: true,
  photos: { select: { id: true, url: true, altText: true }, orderBy: { position: "asc" } },
} satisfies Prisma.ReviewSelect;

export type AdminReview = Prisma.ReviewGetPayload<{ select: typeof ADMIN_COLUMNS }>;

export interface ReviewListPage {
  reviews: AdminReview[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Reviews per status under the same filters, ignoring `status` (for the tabs). */
  counts: Record<ReviewStatus, number>;
  /** Product GID → title, for the products of this page's reviews that the app knows a title for. */
  productTitles: Map<string, string>;
}

export async function listReviews(
  db: Db,
  shop: string,
  options: ReviewFilters & { cursor?: string | null; pageSize: number },
): Promise<ReviewListPage> {
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize) || 1, 1), ADMIN_PAGE_SIZE_MAX);
  const filtered = filterWhere(db, shop, options);
  const [{ rows: reviews, nextCursor }, groups] = await Promise.all([
    nextPage(
      orderedBy("createdAt", (query) =>
        db.review.findMany({
          ...query,
          where: { AND: [filtered, options.status ? { status: options.status } : {}, query.where] },
          select: ADMIN_COLUMNS,
        }),
      ),
      options.cursor,
      pageSize,
    ),
    db.review.groupBy({ by: ["status"], where: filtered, _count: { _all: true } }),
  ]);
  const counts: Record<ReviewStatus, number> = { pending: 0, published: 0, rejected: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return { reviews, nextCursor, counts, productTitles: await productTitles(db, shop, reviews) };
}

const OrderLines = OrderLine.array();

/**
 * Product titles as the reviews' own orders name them: the app keeps no product catalogue, and
 * a line item carries the product's title at the time of the order. Reviews without an order
 * (storefront visitors, imports) get a title only when another review on the page has one.
 */
export async function productTitles(
  db: Db,
  shop: string,
  reviews: { productId: string; orderId: string | null }[],
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const orderIds = [...new Set(reviews.flatMap((review) => (review.orderId ? [review.orderId] : [])))];
  if (orderIds.length === 0) return titles;
  const wanted = new Set(reviews.map((review) => review.productId));
  const orders = await db.order.findMany({ where: { shop, id: { in: orderIds } }, select: { lineItems: true } });
  for (const order of orders) {
    // A row that does not read as line items names no product (orderLines would throw).
    const lines = OrderLines.safeParse(order.lineItems);
    for (const line of lines.success ? lines.data : []) {
      if (line.productId && wanted.has(line.productId)) titles.set(line.productId, line.title);
    }
  }
  return titles;
}

function filterWhere(db: Db, shop: string, filters: ReviewFilters): Prisma.ReviewWhereInput {
  const where: Prisma.ReviewWhereInput = { shop };
  if (filters.rating !== undefined) where.rating = filters.rating;
  if (filters.verified !== undefined) where.verified = filters.verified;
  if (filters.productId) where.productId = filters.productId;
  if (filters.reviewId) where.id = filters.reviewId;
  const search = filters.search?.trim();
  if (search) {
    // SQLite's LIKE already ignores case; PostgreSQL needs ILIKE, which the SQLite client's types do not know.
    const contains = (
      dbProvider(db) === "postgresql" ? { contains: search, mode: "insensitive" } : { contains: search }
    ) as Prisma.StringFilter;
    where.OR = [{ title: contains }, { body: contains }, { authorName: contains }];
  }
  return where;
}

/** Publishes or rejects reviews in bulk; ids of other shops' reviews are ignored. Returns how many changed. */
export async function setReviewStatus(
  db: Db,
  shop: string,
  ids: string[],
  status: "published" | "rejected",
  now = new Date(),
): Promise<{ updated: number }> {
  return db.$transaction(async (tx) => {
    const changing = await tx.review.findMany({
      where: { shop, id: { in: [...new Set(ids)] }, status: { not: status } },
      select: { id: true, productId: true, status: true, customerId: true, orderId: true },
    });
    if (changing.length === 0) return { updated: 0 };
    const { count } = await tx.review.updateMany({
      where: { shop, id: { in: changing.map((review) => review.id) }, status: { not: status } },
      data: { status, publishedAt: status === "published" ? now : null },
    });
    if (status === "published") for (const review of changing) await reviewPublished(tx, shop, review);
    // Rejecting a pending review changes nothing shoppers see.
    const affected = new Set(
      changing.filter((review) => status === "published" || review.status === "published").map((review) => review.productId),
    );
    for (const productId of affected) await enqueueProductSync(tx, shop, productId);
    return { updated: count };
  });
}

export const REPLY_MAX = 2000;

const ReplyText = storedText(z.string().trim().max(REPLY_MAX, `Keep the reply to ${REPLY_MAX} characters or fewer.`));

/** `reply` is what is now shown under the review: null when the reply was removed. */
export type ReplyResult = { ok: true; reply: string | null } | { ok: false; code: "not_found" | "too_long"; message: string };

/** Sets the merchant's public reply; an empty reply (or one that shows nothing) removes it. */
export async function replyToReview(db: Db, shop: string, id: string, reply: string, now = new Date()): Promise<ReplyResult> {
  const parsed = ReplyText.safeParse(reply);
  if (!parsed.success) return { ok: false, code: "too_long", message: parsed.error.issues[0]!.message };
  const text = parsed.data;
  return db.$transaction(async (tx): Promise<ReplyResult> => {
    const review = await tx.review.findFirst({ where: { id, shop }, select: { productId: true, status: true } });
    if (!review) return { ok: false, code: "not_found", message: "This review no longer exists." };
    await tx.review.updateMany({
      where: { id, shop },
      data: text ? { reply: text, repliedAt: now } : { reply: null, repliedAt: null },
    });
    if (review.status === "published") await enqueueProductSync(tx, shop, review.productId);
    return { ok: true, reply: text || null };
  });
}

/** Newest first. */
/** An open task with what the merchant needs to follow it up: who to write to, the review, the order. */
export type OpenTask = MerchantTask & {
  /** The customer's email: the review's author, else the order's. */
  email: string | null;
  /** The Shopify Order GID the review or survey answer came from. */
  orderId: string | null;
  /** The low rating's review, to open in the moderation list. */
  review: { id: string; status: ReviewStatus } | null;
};

/** The shop's open tasks, newest first, each with its customer's email, review and order. */
export async function listOpenTasks(db: Db, shop: string, { limit = 50 }: { limit?: number } = {}): Promise<OpenTask[]> {
  const tasks = await db.merchantTask.findMany({
    where: { shop, status: "open" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  const subjects = (kind: MerchantTask["kind"]) => tasks.filter((task) => task.kind === kind).map((task) => task.subjectId);
  const [reviews, answers] = await Promise.all([
    db.review.findMany({
      where: { shop, id: { in: subjects("low_rating") } },
      select: { id: true, status: true, authorEmail: true, orderId: true },
    }),
    db.surveyAnswer.findMany({ where: { shop, id: { in: subjects("unhappy_survey") } }, select: { id: true, orderId: true } }),
  ]);
  const orderIds = [...new Set([...reviews, ...answers].flatMap((subject) => (subject.orderId ? [subject.orderId] : [])))];
  const orders = orderIds.length
    ? await db.order.findMany({ where: { shop, id: { in: orderIds } }, select: { id: true, email: true } })
    : [];
  const orderEmail = (orderId: string | null) => orders.find((order) => order.id === orderId)?.email ?? null;
  return tasks.map((task) => {
    if (task.kind === "low_rating") {
      const review = reviews.find((candidate) => candidate.id === task.subjectId);
      if (!review) return { ...task, email: null, orderId: null, review: null };
      return {
        ...task,
        email: review.authorEmail ?? orderEmail(review.orderId),
        orderId: review.orderId,
        review: { id: review.id, status: review.status },
      };
    }
    const answer = answers.find((candidate) => candidate.id === task.subjectId);
    return { ...task, email: orderEmail(answer?.orderId ?? null), orderId: answer?.orderId ?? null, review: null };
  });
}

/** False when the task is not the shop's or was already done. */
export async function completeTask(db: Db, shop: string, id: string, now = new Date()): Promise<boolean> {
  const { count } = await db.merchantTask.updateMany({ where: { id, shop, status: "open" }, data: { status: "done", completedAt: now } });
  return count === 1;
}
