import { storedText } from "../lib/forms";
import { StackedRow } from "../components/StackedRow";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  Link,
  Page,
  Text,
  useSetIndexFiltersMode,
} from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { searchMembers } from "../loyalty/members.server";
import { useListQuery } from "../components/useListQuery";
import { useCondensed } from "../components/useCondensed";
import { customerLabel, dateFormatter, formatNumber } from "../lib/format";

const PAGE_SIZE = 25;

const ListQuery = z.object({
  search: storedText(z.string().trim().max(200).optional()).catch(undefined),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const query = ListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [page, timeZone] = await Promise.all([
    searchMembers(db, shop, { query: query.search, cursor: query.after, before: query.before, take: PAGE_SIZE }),
    shopTimeZone(db, shop),
  ]);
  // Dates and numbers are formatted here, in the shop's time zone, so the server and browser render the same text.
  const formatDate = dateFormatter(timeZone, { withTime: false });
  return {
    members: page.rows.map((member) => ({
      id: member.id,
      name: member.firstName ?? null,
      email: customerLabel(member),
      guest: member.customerId === null,
      balance: formatNumber(member.balance),
      negative: member.balance < 0,
      pending: formatNumber(member.pending),
      tier: member.tierName,
      lastActivity: formatDate(member.lastActivityAt),
    })),
    page: { hasNext: page.hasNext, hasPrevious: page.hasPrevious, nextCursor: page.nextCursor, previousCursor: page.previousCursor },
    filters: { search: query.search ?? "", paged: Boolean(query.after || query.before) },
  };
};

export default function LoyaltyMembersPage() {
  const { members, page, filters } = useLoaderData<typeof loader>();
  const { mode, setMode } = useSetIndexFiltersMode(filters.search ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  const { search, setSearch, pagination, loading } = useListQuery(filters.search);
  const condensed = useCondensed();

  const nobodyYet = members.length === 0 && !filters.search && !filters.paged;

  return (
    <Page
      title="Members"
      subtitle="Customers in the loyalty programme, most recently active first."
      backAction={{ content: "Loyalty", url: "/app/loyalty" }}
    >
      <Card padding="0">
        {nobodyYet ? (
          <EmptyState
            heading="No members yet"
            image="/empty-state.svg"
            action={{ content: "Loyalty settings", url: "/app/loyalty/settings" }}
          >
            <p>Customers join when the programme is on and they create an account or place a paid order.</p>
          </EmptyState>
        ) : (
          <>
            <IndexFilters
              tabs={[{ id: "all", content: "All members" }]}
              selected={0}
              onSelect={() => {}}
              queryValue={search}
              queryPlaceholder="Search email, first name or customer ID"
              onQueryChange={setSearch}
              onQueryClear={() => setSearch("")}
              filters={[]}
              appliedFilters={[]}
              onClearAll={() => setSearch("")}
              mode={mode}
              setMode={setMode}
              cancelAction={{ onAction: () => setSearch("") }}
              canCreateNewView={false}
              hideFilters
              loading={loading}
            />
            <IndexTable
              condensed={condensed}
              resourceName={{ singular: "member", plural: "members" }}
              itemCount={members.length}
              selectable={false}
              headings={[
                { title: "Member" },
                { title: "Points", alignment: "end" },
                { title: "Pending", alignment: "end" },
                { title: "Tier" },
                { title: "Last activity" },
              ]}
              emptyState={
                <EmptyState heading="No members match" image="/empty-state.svg">
                  <p>Search by part of an email address or first name, or the end of a customer ID.</p>
                </EmptyState>
              }
              pagination={pagination(page)}
            >
              {members.map((member, index) =>
                condensed ? (
                  // A phone: one stacked item per member instead of columns that scroll sideways.
                  <StackedRow id={member.id} key={member.id} position={index}>
                    <Link url={`/app/loyalty/members/${member.id}`} dataPrimaryLink removeUnderline monochrome>
                      <Text as="span" fontWeight="semibold" breakWord>
                        {member.email}
                      </Text>
                    </Link>
                    <Text as="span" tone={member.negative ? "critical" : undefined}>
                      {`${member.balance} points, ${member.pending} pending`}
                    </Text>
                    <Text as="span" tone="subdued">
                      {[member.name, member.guest ? "Guest" : null, member.tier, member.lastActivity].filter(Boolean).join(" · ")}
                    </Text>
                  </StackedRow>
                ) : (
                  <IndexTable.Row id={member.id} key={member.id} position={index}>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Link url={`/app/loyalty/members/${member.id}`} dataPrimaryLink removeUnderline monochrome>
                          <Text as="span" fontWeight="semibold">
                            {member.email}
                          </Text>
                        </Link>
                        {member.name || member.guest ? (
                          <Text as="span" tone="subdued">
                            {[member.name, member.guest ? "Guest" : null].filter(Boolean).join(" · ")}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric tone={member.negative ? "critical" : undefined}>
                        {member.balance}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {member.pending}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {member.tier ? (
                        <Badge tone="info">{member.tier}</Badge>
                      ) : (
                        <Text as="span" tone="subdued">
                          —
                        </Text>
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>{member.lastActivity}</IndexTable.Cell>
                  </IndexTable.Row>
                ),
              )}
            </IndexTable>
          </>
        )}
      </Card>
    </Page>
  );
}
