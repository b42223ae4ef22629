// The dashboard's charts. Polaris Viz measures the browser's layout, so this module is
// client-only (.client.tsx) and the page loads it lazily after hydration, with a skeleton before.
import { BarChart, LineChart, PolarisVizProvider, TooltipContent, type RenderTooltipContentData } from "@shopify/polaris-viz";
import "@shopify/polaris-viz/build/esm/styles.css";
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { barPoints, shortDay, type BarPoint } from "../../dashboard/chart-bars";
import type { DayPoint } from "../../dashboard/summary";

const CHART_HEIGHT = 220;
// Charts are drawn still: the figures are a day's totals, and growing bars caught mid-way read as wrong values.
// Straight segments between days: Polaris Viz's default spline overshoots (a 5★ day drew above 5).
const THEMES = { Light: { line: { hasSpline: false } } };
const RATING = "Average rating";
/** An invisible point at 5 on the first day: Polaris Viz sizes the axis to the data, a rating axis always runs 0–5. */
const RATING_SCALE = "Rating scale";
const RATING_TICKS = [0, 1, 2, 3, 4, 5];

function ChartCard({ title, help, children }: { title: string; help: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {help}
        </Text>
        <div role="figure" aria-label={`${title} chart`} style={{ height: CHART_HEIGHT }}>
          {children}
        </div>
      </BlockStack>
    </Card>
  );
}

/** The rating's tooltip: the day and its average, without the scale's point. */
function ratingTooltip({ data, title, theme }: RenderTooltipContentData) {
  const points = data.map((group) => ({
    ...group,
    data: group.data
      .filter((point) => point.key === RATING)
      .map((point) => ({ ...point, key: RATING, value: typeof point.value === "number" ? point.value.toFixed(2) : "No reviews" })),
  }));
  return <TooltipContent data={points} title={title ? shortDay(title) : undefined} theme={theme} />;
}

export default function DashboardCharts({ series }: { series: DayPoint[] }) {
  const { period, bars } = barPoints(series);
  const each = period === "day" ? "each day" : "each week (from the date shown)";
  const barSeries = (name: string, value: (bar: BarPoint) => number) => ({
    name,
    data: bars.map((bar) => ({ key: bar.label, value: value(bar) })),
  });
  const rating = {
    name: RATING,
    data: series.map((point) => ({
      key: point.day,
      value: point.averageRating === null ? null : Math.round(point.averageRating * 100) / 100,
    })),
  };
  const scale = {
    name: RATING_SCALE,
    data: series.slice(0, 1).map((point) => ({ key: point.day, value: 5 })),
    color: "rgba(0, 0, 0, 0)",
    styleOverride: { line: { width: 0 } },
  };
  return (
    <PolarisVizProvider defaultTheme="Light" themes={THEMES}>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <ChartCard title="Orders" help={`Paid orders ${each}, and those from returning customers.`}>
          <BarChart isAnimated={false} data={[barSeries("Orders", (b) => b.orders), barSeries("Repeat orders", (b) => b.repeatOrders)]} />
        </ChartCard>
        <ChartCard title="Average rating" help="The day's reviews, averaged, out of 5; gaps are days without reviews.">
          <LineChart
            isAnimated={false}
            data={[rating, scale]}
            showLegend={false}
            xAxisOptions={{ labelFormatter: (day) => shortDay(String(day)) }}
            yAxisOptions={{ ticksOverride: RATING_TICKS, integersOnly: true }}
            tooltipOptions={{ renderTooltipContent: ratingTooltip }}
          />
        </ChartCard>
        <ChartCard title="Emails" help={`Emails sent and emails that failed ${each}, and unsubscribes.`}>
          <BarChart
            isAnimated={false}
            data={[
              barSeries("Sent", (b) => b.emailsSent),
              barSeries("Failed", (b) => b.emailsFailed),
              barSeries("Unsubscribes", (b) => b.unsubscribes),
            ]}
          />
        </ChartCard>
        <ChartCard title="Loyalty points" help={`Points issued to customers and points they redeemed for rewards, ${each}.`}>
          <BarChart
            isAnimated={false}
            data={[barSeries("Issued", (b) => b.pointsIssued), barSeries("Redeemed", (b) => b.pointsRedeemed)]}
          />
        </ChartCard>
      </InlineGrid>
    </PolarisVizProvider>
  );
}
