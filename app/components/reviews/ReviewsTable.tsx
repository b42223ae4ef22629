import {
  Badge,
  BlockStack,
  Button,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Text,
  Thumbnail,
  useIndexResourceState,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { useState } from "react";
import { stars, type ModerationRow } from "../../reviews/moderation-rows";
import type { ReviewStatus } from "../../reviews/moderate.server";

const TABS: { id: ReviewStatus; label: string }[] = [
  { id: "pending", label: "To moderate" },
  { id: "published", label: "Published" },
  { id: "rejected", label: "Rejected" },
];

type Filter = "status" | "search" | "rating" | "verified";

interface ReviewsTableProps {
  reviews: ModerationRow[];
  counts: Record<ReviewStatus, number>;
  filters: { status: ReviewStatus; search: string; rating?: number; verified?: "yes" | "no" };
  /** Puts filters into the URL (undefined removes one). */
  go(next: Partial<Record<Filter, string | undefined>>): void;
  loading: boolean;
  onModerate(intent: "publish" | "reject", ids: string[]): void;
  onReply(review: ModerationRow): void;
}

/** The moderation list: status tabs with counts, search, rating and buyer filters, bulk publish and reject. */
export function ReviewsTable({ reviews, counts, filters, go, loading, onModerate, onReply }: ReviewsTableProps) {
  const { status, rating, verified } = filters;
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState(filters.search);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(reviews);
  const moderate = (intent: "publish" | "reject") => {
    onModerate(intent, selectedResources);
    clearSelection();
  };
  return (
    <>
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
          ...(verified
            ? [
                {
                  key: "verified",
                  label: verified === "yes" ? "Verified buyers" : "Not verified",
                  onRemove: () => go({ verified: undefined }),
                },
              ]
            : []),
        ]}
        onClearAll={() => go({ search: undefined, rating: undefined, verified: undefined })}
        // Saved views are not offered: the tabs are the statuses.
        canCreateNewView={false}
        mode={mode}
        setMode={setMode}
        cancelAction={{ onAction: () => go({ search: undefined }) }}
        loading={loading}
      />
      <IndexTable
        resourceName={{ singular: "review", plural: "reviews" }}
        itemCount={reviews.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        // Only what changes the selected reviews: nothing to publish on the Published tab, nor to reject on Rejected.
        promotedBulkActions={[
          ...(status === "published" ? [] : [{ content: "Publish", onAction: () => moderate("publish") }]),
          ...(status === "rejected" ? [] : [{ content: "Reject", onAction: () => moderate("reject") }]),
        ]}
        headings={[{ title: "Rating" }, { title: "Review" }, { title: "Author" }, { title: "Photos" }, { title: "Date" }, { title: "" }]}
        emptyState={
          <EmptyState heading="No reviews here" image="/empty-state.svg">
            <p>Reviews from verified buyers and storefront visitors appear here.</p>
          </EmptyState>
        }
      >
        {reviews.map((review, index) => (
          <ReviewRow
            key={review.id}
            review={review}
            index={index}
            selected={selectedResources.includes(review.id)}
            onReply={() => onReply(review)}
          />
        ))}
      </IndexTable>
    </>
  );
}

function ReviewRow({ review, index, selected, onReply }: { review: ModerationRow; index: number; selected: boolean; onReply(): void }) {
  return (
    <IndexTable.Row id={review.id} position={index} selected={selected}>
      <IndexTable.Cell>
        <span role="img" aria-label={`${review.rating} out of 5 stars`}>
          {stars(review.rating)}
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="100">
          <Text as="span" fontWeight="semibold">
            {review.title}
          </Text>
          <Text as="span" breakWord>
            {review.excerpt}
          </Text>
          {review.reply ? (
            <Text as="span" tone="subdued">
              Reply: {review.reply}
            </Text>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          <Text as="span">{review.authorName}</Text>
          <Badge tone={review.verified ? "success" : undefined}>{review.origin}</Badge>
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          {review.photos.map((photo) => (
            <Thumbnail key={photo.id} source={photo.url} alt={photo.alt} size="small" />
          ))}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{review.date}</IndexTable.Cell>
      <IndexTable.Cell>
        <Button size="slim" onClick={onReply}>
          {review.reply ? "Edit reply" : "Reply"}
        </Button>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}
