import { storedText } from "../lib/forms";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Page } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { countOf, dateFormatter } from "../lib/format";
import { listReviews, replyToReview, setReviewStatus } from "../reviews/moderate.server";
import { moderationRow } from "../reviews/moderation-rows";
import { ReplyModal, type ReplyDraft } from "../components/reviews/ReplyModal";
import { ReviewsTable } from "../components/reviews/ReviewsTable";
import { useAdminToast } from "../components/useAdminToast";

const ListQuery = z.object({
  status: z.enum(["pending", "published", "rejected"]).default("pending"),
  rating: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  verified: z.enum(["yes", "no"]).optional().catch(undefined),
  search: storedText(z.string().trim().max(200).optional()),
  review: z.string().max(100).optional(),
  cursor: z.string().optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const query = ListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [page, timeZone] = await Promise.all([
    listReviews(db, shop, {
      status: query.status,
      rating: query.rating,
      verified: query.verified === undefined ? undefined : query.verified === "yes",
      search: query.search || undefined,
      reviewId: query.review,
      cursor: query.cursor,
      pageSize: 50,
    }),
    shopTimeZone(db, shop),
  ]);
  const formatDate = dateFormatter(timeZone, { withTime: false });
  return {
    reviews: page.reviews.map((review) => moderationRow(review, formatDate, page.productTitles)),
    counts: page.counts,
    nextCursor: page.nextCursor,
    filters: { status: query.status, search: query.search ?? "", rating: query.rating, verified: query.verified, review: query.review },
  };
};

const ModerationAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["publish", "reject"]), ids: z.string().min(1, "Select at least one review.") }),
  // replyToReview checks the reply itself, once it is made storable.
  z.object({ intent: z.literal("reply"), id: z.string().min(1), reply: z.string() }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ModerationAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "reply") {
    const result = await replyToReview(db, shop, input.id, input.reply);
    return result.ok ? { message: result.reply ? "Reply published" : "Reply removed" } : data({ error: result.message }, { status: 400 });
  }
  const { updated } = await setReviewStatus(db, shop, input.ids.split(","), input.intent === "publish" ? "published" : "rejected");
  return { message: `${countOf(updated, "review", "reviews")} ${input.intent === "publish" ? "published" : "rejected"}` };
};

export default function ReviewsPage() {
  const { reviews, counts, nextCursor, filters } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const fetcher = useFetcher<{ message?: string; error?: string }>();
  const [replying, setReplying] = useState<ReplyDraft | null>(null);
  const { show, toast } = useAdminToast();

  // What a bulk action or a reply did, as a toast: the list itself shows the new state.
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const { message, error } = fetcher.data;
    if (error) show(error, { error: true });
    else if (message) show(message);
  }, [fetcher.state, fetcher.data, show]);

  // A filter change starts again from the newest review.
  const go = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    merged.delete("cursor");
    setParams(merged);
  };

  return (
    <Page
      title="Reviews"
      subtitle="Publish, reject and reply. Low ratings also appear as follow-up tasks."
      secondaryActions={[
        { content: "Follow-up tasks", url: "/app/reviews/tasks" },
        { content: "Import / export", url: "/app/reviews/import" },
        { content: "Settings", url: "/app/reviews/settings" },
      ]}
    >
      <BlockStack gap="400">
        {filters.review ? (
          <Banner tone="info" action={{ content: "Show all reviews", onAction: () => go({ review: undefined }) }}>
            <p>Showing the review a follow-up task links to.</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <ReviewsTable
            reviews={reviews}
            counts={counts}
            filters={filters}
            go={go}
            loading={navigation.state === "loading"}
            onModerate={(intent, ids) => fetcher.submit({ intent, ids: ids.join(",") }, { method: "post" })}
            onReply={(review) => setReplying({ id: review.id, reply: review.reply ?? "" })}
          />
        </Card>
        {nextCursor ? (
          <InlineStack align="center">
            <Button url={`?${new URLSearchParams({ ...Object.fromEntries(params), cursor: nextCursor })}`}>Older reviews</Button>
          </InlineStack>
        ) : null}
      </BlockStack>
      <ReplyModal
        draft={replying}
        onChange={setReplying}
        onSave={(draft) => fetcher.submit({ intent: "reply", id: draft.id, reply: draft.reply }, { method: "post" })}
        saving={fetcher.state !== "idle"}
      />
      {toast}
    </Page>
  );
}
