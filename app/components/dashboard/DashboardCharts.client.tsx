// The dashboard's charts. Polaris Viz measures the browser's layout, so this module is
// client-only (.client.tsx) and the page loads it lazily after hydration, with a skeleton before.
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import "@shopify/polaris-viz/build/esm/styles.css";
import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { DayPoint } from "../../dashboard/summary";

const CHART_HEIGHT = 220;

const shortDay = (day: string | number | null) => {
  const [, month, date] = String(day).split("-");
  return month && date ? `${Number(date)}/${Number(month)}` : String(day);
};

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

export default function DashboardCharts({ series }: { series: DayPoint[] }) {
  const line = (name: string, value: (point: DayPoint) => number | null) => ({
    name,
    data: series.map((point) => ({ key: point.day, value: value(point) })),
  });
  const xAxisOptions = { labelFormatter: shortDay };
  return (
    <PolarisVizProvider defaultTheme="Light">
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <ChartCard title="Orders" help="Paid orders each day, and those from returning customers.">
          <BarChart data={[line("Orders", (p) => p.orders), line("Repeat orders", (p) => p.repeatOrders)]} xAxisOptions={xAxisOptions} />
        </ChartCard>
        <ChartCard title="Average rating" help="The day's reviews, averaged; gaps are days without reviews.">
          <LineChart
            data={[line("Average rating", (p) => (p.averageRating === null ? null : Math.round(p.averageRating * 100) / 100))]}
            xAxisOptions={xAxisOptions}
          />
        </ChartCard>
        <ChartCard title="Emails" help="Emails sent and emails that failed each day.">
          <BarChart
            data={[line("Sent", (p) => p.emailsSent), line("Failed", (p) => p.emailsFailed), line("Unsubscribes", (p) => p.unsubscribes)]}
            xAxisOptions={xAxisOptions}
          />
        </ChartCard>
        <ChartCard title="Loyalty points" help="Points issued to customers and points they redeemed for rewards.">
          <BarChart data={[line("Issued", (p) => p.pointsIssued), line("Redeemed", (p) => p.pointsRedeemed)]} xAxisOptions={xAxisOptions} />
        </ChartCard>
      </InlineGrid>
    </PolarisVizProvider>
  );
}
