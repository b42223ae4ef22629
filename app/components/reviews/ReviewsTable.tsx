import { StackedRow } from "../StackedRow";
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
import { useState, type ReactNode } from "react";
import { stars, type ModerationRow } from "../../reviews/moderation-rows";
import type { ReviewStatus } from "../../reviews/moderate.server";
import { useCondensed } from "../useCondensed";
import { PhotoLightbox, type OpenPhoto } from "./PhotoLightbox";

const TABS: { id: ReviewStatus; label: string }[] = [
  { id: "pending", label: "To moderate" },
  { id: "published", label: "Published" },
  { id: "rejected", label: "Rejected" },
];

type Filter = "status" | "search" | "rating" | "verified" | "review";

interface ReviewsTableProps {
  reviews: ModerationRow[];
  counts: Record<ReviewStatus, number>;
  filters: { status: ReviewStatus; search: string; rating?: number; verified?: "yes" | "no"; review?: string };
  /** Puts filters into the URL (undefined removes one). */
  go(next: Partial<Record<Filter, string | undefined>>): void;
  loading: boolean;
  onModerate(intent: "publish" | "reject", ids: string[]): void;
  onReply(review: ModerationRow): void;
}

/** The moderation list: status tabs with counts, search, rating and buyer filters, bulk publish and reject. */
export function ReviewsTable({ reviews, counts, filters, go, loading, onModerate, onReply }: ReviewsTableProps) {
  const { status, rating, verified } = filters;
  const [photo, setPhoto] = useState<OpenPhoto | null>(null);
  const condensed = useCondensed();
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
        onClearAll={() => go({ search: undefined, rating: undefined, verified: undefined, review: undefined })}
        // Saved views are not offered: the tabs are the statuses.
        canCreateNewView={false}
        mode={mode}
        setMode={setMode}
        cancelAction={{ onAction: () => go({ search: undefined }) }}
        loading={loading}
      />
      <IndexTable
        condensed={condensed}
        resourceName={{ singular: "review", plural: "reviews" }}
        itemCount={reviews.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        // Only what changes the selected reviews: nothing to publish on the Published tab, nor to reject on Rejected.
        promotedBulkActions={[
          ...(status === "published" ? [] : [{ content: "Publish", onAction: () => moderate("publish") }]),
          ...(status === "rejected" ? [] : [{ content: "Reject", onAction: () => moderate("reject") }]),
        ]}
        // The rating sits with the review and the date with its author: fewer columns keep Reply in view at 1024 px.
        headings={[{ title: "Review" }, { title: "Product" }, { title: "Author" }, { title: "Photos" }, { title: "Actions", hidden: true }]}
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
            onPhoto={setPhoto}
            condensed={condensed}
          />
        ))}
      </IndexTable>
      <PhotoLightbox photo={photo} onClose={() => setPhoto(null)} />
    </>
  );
}

/**
 * Text that wraps in its cell: Polaris' index table keeps cells on one line, so long reviews and
 * product titles would push the row (and its Reply button) past the table's right edge.
 */
function Wrap({ min, max, children }: { min: number; max: number; children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth: min, maxWidth: max }}>{children}</div>;
}

interface ReviewRowProps {
  review: ModerationRow;
  index: number;
  selected: boolean;
  onReply(): void;
  onPhoto(photo: OpenPhoto): void;
  /** One stacked item (phones) rather than a row of cells. */
  condensed: boolean;
}

function ReviewRow({ review, index, selected, onReply, onPhoto, condensed }: ReviewRowProps) {
  const rating = (
    <span role="img" aria-label={`${review.rating} out of 5 stars`}>
      {stars(review.rating)}
    </span>
  );
  const text = (
    <Wrap min={180} max={360}>
      <BlockStack gap="100">
        {condensed ? null : rating}
        <Text as="span" fontWeight="semibold" breakWord>
          {review.title}
        </Text>
        <Text as="span" breakWord>
          {review.excerpt}
        </Text>
        {review.reply ? (
          <Text as="span" tone="subdued" breakWord>
            Reply: {review.reply}
          </Text>
        ) : null}
      </BlockStack>
    </Wrap>
  );
  const product = (
    <Wrap min={96} max={160}>
      <Text as="span" breakWord>
        {review.product}
      </Text>
    </Wrap>
  );
  const author = (
    <BlockStack gap="100" inlineAlign="start">
      <Text as="span">{review.authorName}</Text>
      <Badge tone={review.verified ? "success" : undefined}>{review.origin}</Badge>
      {condensed ? null : (
        <Text as="span" tone="subdued">
          {review.date}
        </Text>
      )}
    </BlockStack>
  );
  const photos = (
    <InlineStack gap="100" wrap={false}>
      {review.photos.map((photo, position) => (
        <button
          key={photo.id}
          type="button"
          aria-label={`Open photo ${position + 1} by ${review.authorName}`}
          style={{ padding: 0, border: 0, background: "none", cursor: "zoom-in" }}
          onClick={(event) => {
            // The row would take the click as selecting the review.
            event.stopPropagation();
            onPhoto({
              url: photo.url,
              alt: photo.alt,
              title: `Photo ${position + 1} of ${review.photos.length} by ${review.authorName}`,
            });
          }}
        >
          <Thumbnail source={photo.url} alt={photo.alt} size="small" />
        </button>
      ))}
    </InlineStack>
  );
  const reply = (
    <div onClick={(event) => event.stopPropagation()}>
      <Button size="slim" onClick={onReply}>
        {review.reply ? "Edit reply" : "Reply"}
      </Button>
    </div>
  );
  if (condensed) {
    return (
      <StackedRow id={review.id} position={index} selected={selected}>
        <InlineStack align="space-between" blockAlign="center">
          {rating}
          <Text as="span" tone="subdued">
            {review.date}
          </Text>
        </InlineStack>
        {text}
        {product}
        {author}
        {review.photos.length > 0 ? photos : null}
        <InlineStack>{reply}</InlineStack>
      </StackedRow>
    );
  }
  return (
    <IndexTable.Row id={review.id} position={index} selected={selected}>
      <IndexTable.Cell>{text}</IndexTable.Cell>
      <IndexTable.Cell>{product}</IndexTable.Cell>
      <IndexTable.Cell>{author}</IndexTable.Cell>
      <IndexTable.Cell>{photos}</IndexTable.Cell>
      <IndexTable.Cell>{reply}</IndexTable.Cell>
    </IndexTable.Row>
  );
}
