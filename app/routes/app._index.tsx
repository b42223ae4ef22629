import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { orderActivity } from "../orders/order-activity.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return orderActivity(db, shop, new Date());
};

export default function DashboardPage() {
  const activity = useLoaderData<typeof loader>();
  const figures = [
    { label: "Orders in the last 30 days", value: activity.ordersLast30Days },
    { label: "Fulfilled", value: activity.fulfilledLast30Days },
    { label: "Delivered", value: activity.deliveredLast30Days },
    { label: "Refunds", value: activity.refundsLast30Days },
  ];
  return (
    <Page title="Dashboard">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            {figures.map((figure) => (
              <Card key={figure.label}>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm" tone="subdued">{figure.label}</Text>
                  <Text as="p" variant="heading2xl">{figure.value}</Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
