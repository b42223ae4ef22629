import { BlockStack, Card, InlineGrid, SkeletonBodyText, SkeletonDisplayText, Text } from "@shopify/polaris";
import { lazy, Suspense } from "react";
import type { DayPoint } from "../../dashboard/summary";
import { useHydrated } from "../useHydrated";

const DashboardCharts = lazy(() => import("./DashboardCharts.client"));

function ChartsSkeleton() {
  return (
    <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
      {["Orders", "Average rating", "Emails", "Loyalty points"].map((title) => (
        <Card key={title}>
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {title}
            </Text>
            <SkeletonDisplayText size="small" />
            <SkeletonBodyText lines={6} />
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

/** Polaris Viz needs the browser: rendered after hydration, a skeleton until then (and on the server). */
export function Charts({ series }: { series: DayPoint[] }) {
  if (!useHydrated()) return <ChartsSkeleton />;
  return (
    <Suspense fallback={<ChartsSkeleton />}>
      <DashboardCharts series={series} />
    </Suspense>
  );
}
