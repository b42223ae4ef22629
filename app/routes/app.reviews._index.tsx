import { storedText } from "../forms";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Modal,
  Page,
  Text,
  TextField,
  Thumbnail,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { listReviews, replyToReview, setReviewStatus, type ReviewStatus } from "../reviews/moderate.server";

const TABS: { id: ReviewStatus; label: string }[] = [
  { id: "pending", label: "To moderate" },
  { id: "published", label: "Published" },
  { id: "rejected", label: "Rejected" },
];

const ListQuery = z.object({
  status: z.enum(["pending", "published", "rejected"]).default("pending"),
  rating: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  verified: z.enum(["yes", "no"]).optional().catch(undefined),
  search: storedText(z.string().trim().max(200).optional()),
  cursor: z.string().optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const query = ListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listReviews(db, shop, {
    status: query.status,
    rating: query.rating,
    verified: query.verified === undefined ? undefined : query.verified === "yes",
    search: query.search || undefined,
    cursor: query.cursor,
    pageSize: 50,
  });
  return { ...page, status: query.status, search: query.search ?? "", rating: query.rating, verified: query.verified };
};

const ModerationAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["publish", "reject"]), ids: z.string().min(1, "Select at least one review.") }),
  // replyToReview checks the reply itself, once it is made storable.
  z.object({ intent: z.literal("reply"), id: z.string().min(1), reply: z.string() }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const parsed = ModerationAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0]!.message }, { status: 400 });
  const input = parsed.data;
  if (input.intent === "reply") {
    const result = await replyToReview(db, shop, input.id, input.reply);
    return result.ok ? { message: result.reply ? "Reply published" : "Reply removed" } : Response.json({ error: result.message }, { status: 400 });
  }
  const { updated } = await setReviewStatus(db, shop, input.ids.split(","), input.intent === "publish" ? "published" : "rejected");
  return { message: `${updated} review${updated === 1 ? "" : "s"} ${input.intent === "publish" ? "published" : "rejected"}` };
};

const stars = (rating: number) => "★".repeat(rating) + "☆".repeat(5 - rating);

export default function ReviewsPage() {
  const { reviews, counts, nextCursor, status, search, rating, verified } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const fetcher = useFetcher<{ message?: string; error?: string }>();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState(search);
  const [replying, setReplying] = useState<{ id: string; reply: string } | null>(null);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(reviews);

  const submit = (intent: "publish" | "reject") => {
    fetcher.submit({ intent, ids: selectedResources.join(",") }, { method: "post" });
    clearSelection();
  };
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
        {fetcher.data?.message || fetcher.data?.error ? (
          <Banner tone={fetcher.data.error ? "critical" : "success"}>{fetcher.data.error ?? fetcher.data.message}</Banner>
        ) : null}
        <Card padding="0">
          <IndexFilters
            tabs={TABS.map((tab) => ({ id: tab.id, content: `${tab.label} (${counts[tab.id]})`, onAction: () => go({ status: tab.id }) }))}
            selected={TABS.findIndex((tab) => tab.id === status)}
            onSelect={(index) => go({ status: TABS[index]!.id })}
            queryValue={query}
            queryPlaceholder="Search title, review or name"
            onQueryChange={(value) => {
              setQuery(value);
              go({ search: value || undefined });
            }}
            onQueryClear={() => {
              setQuery("");
              go({ search: undefined });
            }}
            filters={[
              {
                key: "rating",
                label: "Rating",
                filter: (
                  <ChoiceList
                    title="Rating"
                    titleHidden
                    choices={[5, 4, 3, 2, 1].map((n) => ({ label: stars(n), value: String(n) }))}
                    selected={rating ? [String(rating)] : []}
                    onChange={([value]) => go({ rating: value })}
                  />
                ),
                shortcut: true,
              },
              {
                key: "verified",
                label: "Buyer",
                filter: (
                  <ChoiceList
                    title="Buyer"
                    titleHidden
                    choices={[
                      { label: "Verified buyers", value: "yes" },
                      { label: "Not verified", value: "no" },
                    ]}
                    selected={verified ? [verified] : []}
                    onChange={([value]) => go({ verified: value })}
                  />
                ),
                shortcut: true,
              },
            ]}
            appliedFilters={[
              ...(rating ? [{ key: "rating", label: `Rating: ${rating}★`, onRemove: () => go({ rating: undefined }) }] : []),
              ...(verified ? [{ key: "verified", label: verified === "yes" ? "Verified buyers" : "Not verified", onRemove: () => go({ verified: undefined }) }] : []),
            ]}
            onClearAll={() => go({ search: undefined, rating: undefined, verified: undefined })}
            mode={mode}
            setMode={setMode}
            cancelAction={{ onAction: () => go({ search: undefined }) }}
            loading={navigation.state === "loading"}
          />
          <IndexTable
            resourceName={{ singular: "review", plural: "reviews" }}
            itemCount={reviews.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[
              { content: "Publish", onAction: () => submit("publish") },
              { content: "Reject", onAction: () => submit("reject") },
            ]}
            headings={[{ title: "Rating" }, { title: "Review" }, { title: "Author" }, { title: "Photos" }, { title: "Date" }, { title: "" }]}
            emptyState={
              <EmptyState heading="No reviews here" image="/empty-state.svg">
                <p>Reviews from verified buyers and storefront visitors appear here.</p>
              </EmptyState>
            }
          >
            {reviews.map((review, index) => (
              <IndexTable.Row id={review.id} key={review.id} position={index} selected={selectedResources.includes(review.id)}>
                <IndexTable.Cell>
                  <span role="img" aria-label={`${review.rating} out of 5 stars`}>{stars(review.rating)}</span>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="100">
                    <Text as="span" fontWeight="semibold">{review.title}</Text>
                    <Text as="span" breakWord>{review.body.length > 160 ? `${review.body.slice(0, 160)}…` : review.body}</Text>
                    {review.reply ? <Text as="span" tone="subdued">Reply: {review.reply}</Text> : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100">
                    <Text as="span">{review.authorName}</Text>
                    {review.verified ? <Badge tone="success">Verified</Badge> : <Badge>{review.source === "import" ? "Imported" : "Unverified"}</Badge>}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100">
                    {review.photos.map((photo) => (
                      <Thumbnail key={photo.id} source={photo.url} alt={photo.altText || `Photo by ${review.authorName}`} size="small" />
                    ))}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{new Date(review.createdAt).toLocaleDateString()}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Button size="slim" onClick={() => setReplying({ id: review.id, reply: review.reply ?? "" })}>
                    {review.reply ? "Edit reply" : "Reply"}
                  </Button>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
        {nextCursor ? (
          <InlineStack align="center">
            <Button url={`?${new URLSearchParams({ ...Object.fromEntries(params), cursor: nextCursor })}`}>Older reviews</Button>
          </InlineStack>
        ) : null}
      </BlockStack>
      <Modal
        open={replying !== null}
        onClose={() => setReplying(null)}
        title="Public reply"
        primaryAction={{
          content: "Save reply",
          loading: fetcher.state !== "idle",
          onAction: () => {
            fetcher.submit({ intent: "reply", id: replying!.id, reply: replying!.reply }, { method: "post" });
            setReplying(null);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setReplying(null) }]}
      >
        <Modal.Section>
          <TextField
            label="Reply shown under the review on your store"
            value={replying?.reply ?? ""}
            onChange={(reply) => setReplying((current) => (current ? { ...current, reply } : current))}
            multiline={4}
            maxLength={2000}
            showCharacterCount
            autoComplete="off"
            helpText="Leave empty to remove the reply."
          />
        </Modal.Section>
      </Modal>
    </Page>
  );
}
