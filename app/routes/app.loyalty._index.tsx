import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, EmptyState, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { loyaltyOverview } from "../loyalty/members.server";
import { FigureCard } from "../components/FigureCard";
import { countOf, formatNumber } from "../lib/format";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const overview = await loyaltyOverview(db, shop, new Date());
  return {
    enabled: overview.enabled,
    started: overview.started,
    figures: [
      { label: "Members", value: formatNumber(overview.members), help: "In the programme" },
      { label: "Points to spend", value: formatNumber(overview.pointsOutstanding), help: "Spendable points customers hold" },
      { label: "Points pending", value: formatNumber(overview.pointsPending), help: "Waiting for the returns window" },
      { label: "Points issued", value: formatNumber(overview.pointsIssued30d), help: "Last 30 days" },
      { label: "Points redeemed", value: formatNumber(overview.pointsRedeemed30d), help: "Last 30 days" },
      { label: "Rewards redeemed", value: formatNumber(overview.redemptions30d), help: "Last 30 days" },
    ],
    counts: { members: overview.members, rewards: overview.rewards, tiers: overview.tiers },
  };
};

export default function LoyaltyOverviewPage() {
  const { enabled, started, figures, counts } = useLoaderData<typeof loader>();
  const sections = [
    { title: "Settings", url: "/app/loyalty/settings", body: "How points are earned, the returns window, actions, expiry and refunds." },
    { title: "Rewards", url: "/app/loyalty/rewards", body: `${countOf(counts.rewards, "reward", "rewards")} customers can redeem.` },
    {
      title: "Tiers",
      url: "/app/loyalty/tiers",
      body: counts.tiers === 0 ? "No VIP tiers yet." : `${countOf(counts.tiers, "VIP tier", "VIP tiers")} with bonus points.`,
    },
    {
      title: "Members",
      url: "/app/loyalty/members",
      body: `${countOf(counts.members, "member", "members")}: balances, history and adjustments.`,
    },
  ];
  return (
    <Page
      title="Loyalty"
      titleMetadata={<Badge tone={enabled ? "success" : undefined}>{enabled ? "On" : "Off"}</Badge>}
      subtitle="Points for orders and actions, spent on discount codes."
      secondaryActions={sections.map((section) => ({ content: section.title, url: section.url }))}
    >
      <Layout>
        {!started ? (
          <Layout.Section>
            <Card>
              <EmptyState
                heading="Set up your programme"
                action={{ content: "Set up your programme", url: "/app/loyalty/settings" }}
                secondaryAction={{ content: "Add rewards", url: "/app/loyalty/rewards" }}
                image="/empty-state.svg"
              >
                <p>
                  Customers earn points on paid orders and for signing up, reviews, birthdays and referrals, and spend them on discount
                  codes. Choose how points are earned, add rewards, then switch the programme on.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        ) : (
          <>
            {enabled && counts.rewards === 0 ? (
              <Layout.Section>
                <Banner
                  tone="warning"
                  title="Customers have nothing to spend their points on"
                  action={{ content: "Add a reward", url: "/app/loyalty/rewards" }}
                >
                  <p>Add at least one reward so points can be redeemed for a discount code.</p>
                </Banner>
              </Layout.Section>
            ) : null}
            {!enabled ? (
              <Layout.Section>
                <Banner tone="info" title="The programme is off" action={{ content: "Open settings", url: "/app/loyalty/settings" }}>
                  <p>
                    New orders and actions earn no points and customers cannot redeem. Points already earned are kept and still follow
                    refunds.
                  </p>
                </Banner>
              </Layout.Section>
            ) : null}
            <Layout.Section>
              <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
                {figures.map((figure) => (
                  <FigureCard key={figure.label} figure={figure} />
                ))}
              </InlineGrid>
            </Layout.Section>
          </>
        )}
        <Layout.Section>
          <Card padding="0">
            {sections.map((section, index) => (
              <Box key={section.url} padding="400" borderBlockStartWidth={index > 0 ? "025" : undefined} borderColor="border">
                <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <BlockStack gap="100">
                    <Text as="h2" variant="headingMd">
                      {section.title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {section.body}
                    </Text>
                  </BlockStack>
                  <Button url={section.url} accessibilityLabel={`Open ${section.title.toLowerCase()}`}>
                    Open
                  </Button>
                </InlineStack>
              </Box>
            ))}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
