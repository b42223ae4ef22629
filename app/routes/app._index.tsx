import type { LoaderFunctionArgs } from "@remix-run/node";
import { Await, useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, Card, EmptyState, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { Suspense } from "react";
import { FigureCard } from "../components/FigureCard";
import { Charts } from "../components/dashboard/Charts";
import { RangePicker } from "../components/dashboard/RangePicker";
import { SetupChecklist } from "../components/dashboard/SetupChecklist";
import { useHydrated } from "../components/useHydrated";
import { dayOf } from "../dashboard/days";
import { figureGroups } from "../dashboard/headline-figures";
import { loadDashboard } from "../dashboard/metrics.server";
import { checklistSteps, themeEditorLinks, type ThemeCheck } from "../dashboard/onboarding";
import { rangeFrom } from "../dashboard/range-query";
import { refreshTodayIfStale } from "../dashboard/rollup.server";
import { checkTheme } from "../dashboard/theme-check.server";
import db from "../db.server";
import { dateFormatter } from "../lib/format";
import { merchantLocale } from "../lib/merchant-locale";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const now = new Date();
  const today = dayOf(now, await shopTimeZone(db, shop));
  const { range, preset } = rangeFrom(new URL(request.url).searchParams, today);
  // Reviews and emails have no event hook: today's figures are refreshed when stale.
  await refreshTodayIfStale(db, shop, now);
  const dashboard = await loadDashboard(db, shop, range, now);
  return {
    range: dashboard.range,
    today: dashboard.today,
    preset,
    hasData: dashboard.hasData,
    figures: figureGroups(dashboard, merchantLocale(request)),
    series: dashboard.series,
    onboarding: dashboard.onboarding,
    // On the shop's clock, so the server's rendering and the browser's agree.
    updated: dashboard.computedAt ? dateFormatter(dashboard.timeZone)(dashboard.computedAt) : null,
    links: themeEditorLinks(shop, process.env.SHOPIFY_API_KEY || ""),
    shop,
    // Streamed: the page renders at once and the two theme steps fill in when Shopify answers.
    theme: checkTheme(admin),
  };
};

export default function DashboardPage() {
  const { range, today, preset, hasData, figures, series, onboarding, updated, links, shop, theme } = useLoaderData<typeof loader>();
  const checklistFor = (check: ThemeCheck) => checklistSteps(onboarding, check, links);
  // The theme check streams in; its Suspense boundary starts after hydration (see useHydrated).
  const hydrated = useHydrated();
  const checking = <SetupChecklist steps={checklistFor({ checked: false, reason: "checking" })} checking shop={shop} themeProblem={null} />;
  return (
    <Page
      title="Dashboard"
      subtitle={
        updated
          ? `Figures updated ${updated}; today's refresh every 10 minutes.`
          : "Figures appear once the first orders, emails and reviews come in."
      }
      primaryAction={<RangePicker key={`${range.from}:${range.to}`} range={range} preset={preset} today={today} />}
    >
      <Layout>
        <Layout.Section>
          {hydrated ? (
            <Suspense fallback={checking}>
              <Await
                resolve={theme}
                errorElement={
                  <SetupChecklist
                    steps={checklistFor({ checked: false, reason: "error" })}
                    checking={false}
                    shop={shop}
                    themeProblem="no answer"
                  />
                }
              >
                {(check) => (
                  <SetupChecklist
                    steps={checklistFor(check)}
                    checking={false}
                    shop={shop}
                    themeProblem={check.checked ? null : check.reason}
                  />
                )}
              </Await>
            </Suspense>
          ) : (
            checking
          )}
        </Layout.Section>
        {hasData ? (
          <>
            {figures.map((group) => (
              <Layout.Section key={group.title}>
                <BlockStack gap="200">
                  {/* On a phone the cards run edge to edge: the heading keeps a margin (a plain button's negative one reached past the screen). */}
                  <Box paddingInline={{ xs: "400", sm: "0" }}>
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        {group.title}
                      </Text>
                      {group.action ? (
                        <Button url={group.action.url} variant="plain">
                          {group.action.label}
                        </Button>
                      ) : null}
                    </InlineStack>
                  </Box>
                  <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                    {group.figures.map((figure) => (
                      <FigureCard key={figure.label} figure={figure} size="medium" />
                    ))}
                  </InlineGrid>
                </BlockStack>
              </Layout.Section>
            ))}
            <Layout.Section>
              <Charts series={series} />
            </Layout.Section>
          </>
        ) : (
          <Layout.Section>
            <Card>
              <EmptyState heading="Your retention figures will appear here" image="/empty-state.svg">
                <p>
                  Repeat purchases, review conversion, ratings, emails and loyalty points are added up as orders arrive and emails go out.
                  Finish the setup steps above, and the first figures show within minutes of the first order.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
