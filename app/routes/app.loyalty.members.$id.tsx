import { parseWithZod } from "@conform-to/zod/v3";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { BlockStack, Card, EmptyState, InlineGrid, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import { countOf, formatNumber } from "../lib/format";
import { refusalReply } from "../lib/forms";
import { AdjustInput } from "../loyalty/adjust-form";
import { memberView } from "../loyalty/member-view";
import { adjustPoints, memberDetail } from "../loyalty/members.server";
import { AdjustPointsCard } from "../components/loyalty/AdjustPointsCard";
import { MemberDetailsCard, PointsHistoryCard, RedemptionsCard } from "../components/loyalty/MemberCards";
import type { FetcherFormResult } from "../components/useFetcherForm";
import { useListPaging } from "../components/useListQuery";
import { FigureCard } from "../components/FigureCard";

const PAGE_SIZE = 25;

const EntryQuery = z.object({
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
});

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const query = EntryQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [detail, timeZone] = await Promise.all([
    memberDetail(db, shop, params.id ?? "", { cursor: query.after, before: query.before, take: PAGE_SIZE }),
    shopTimeZone(db, shop),
  ]);
  if (!detail) throw new Response("This member is not in your loyalty programme.", { status: 404 });
  return {
    ...memberView(detail, timeZone),
    // Names this showing of the adjust form: sent twice, it adjusts once. A new one comes with each reload.
    adjustKey: crypto.randomUUID(),
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const submission = parseWithZod(await request.formData(), { schema: AdjustInput, disableAutoCoercion: true });
  if (submission.status !== "success") return data(submission.reply() satisfies FetcherFormResult, { status: 400 });
  const result = await adjustPoints(db, shop, params.id ?? "", submission.value, new Date());
  if (!result.ok) return data(submission.reply(refusalReply(result)) satisfies FetcherFormResult, { status: result.notFound ? 404 : 400 });
  const points = result.entry?.points ?? 0;
  const message = !result.entry
    ? "Already adjusted"
    : `${points > 0 ? "Added" : "Deducted"} ${countOf(Math.abs(points), "point", "points")}. Balance: ${formatNumber(result.balance)}`;
  return { ...submission.reply(), message } satisfies FetcherFormResult;
};

export default function LoyaltyMemberPage() {
  const { member, entries, redemptions, adjustKey } = useLoaderData<typeof loader>();
  const { pagination, loading } = useListPaging();

  const figures = [
    { label: "Points to spend", value: member.balance, tone: member.negative ? ("critical" as const) : undefined },
    { label: "Pending", value: member.pending, help: "Spendable after the returns window" },
    { label: "Earned in total", value: member.lifetimeEarned },
    { label: "Tier", value: member.tier?.name ?? "None", help: member.tier?.multiplier },
  ];

  return (
    <Page
      title={member.title}
      subtitle={[member.firstName, member.customerNumber ? `Customer ${member.customerNumber}` : "Guest (no customer account yet)"]
        .filter(Boolean)
        .join(" · ")}
      backAction={{ content: "Members", url: "/app/loyalty/members" }}
    >
      <BlockStack gap="400">
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          {figures.map((figure) => (
            <FigureCard key={figure.label} figure={figure} size="medium" />
          ))}
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <PointsHistoryCard entries={entries} loading={loading} pagination={pagination(entries)} />
              <RedemptionsCard redemptions={redemptions} />
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <AdjustPointsCard adjustKey={adjustKey} />
              <MemberDetailsCard member={member} />
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

/** An unknown member (an old link, another shop's id): a page that leads back to the list. Anything else goes to the layout's boundary. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <Page title="Member not found" backAction={{ content: "Members", url: "/app/loyalty/members" }}>
      <Card>
        <EmptyState
          heading="This member is not in your loyalty programme"
          action={{ content: "All members", url: "/app/loyalty/members" }}
          image="/empty-state.svg"
        >
          <p>The link may be out of date.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
