import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, EmptyState, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import db from "../db.server";
import { requireAdmin } from "../shopify.server";
import { listDataRequests } from "../privacy/data-request.server";
import { downloadFile } from "../components/downloadFile";
import { useAdminToast } from "../components/useAdminToast";
import { shopTimeZone } from "../lib/shop-profile.server";
import { customerLabel, dateFormatter } from "../lib/format";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const [requests, timeZone] = await Promise.all([listDataRequests(db, shop), shopTimeZone(db, shop)]);
  const formatDate = dateFormatter(timeZone);
  return {
    requests: requests.map((row) => ({
      id: row.id,
      customer: customerLabel(row),
      status: row.status,
      requested: formatDate(row.createdAt),
    })),
  };
};

interface DataRequestRow {
  id: string;
  customer: string;
  status: string;
  requested: string;
}

function RequestRow({ row, index, onError }: { row: DataRequestRow; index: number; onError(message: string): void }) {
  const [downloading, setDownloading] = useState(false);
  const ready = row.status === "ready";
  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(`/app/privacy/${row.id}`, `customer-data-${row.id}.json`);
    } catch {
      onError("The file could not be downloaded. Please try again.");
    } finally {
      setDownloading(false);
    }
  };
  return (
    <IndexTable.Row id={row.id} position={index}>
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {row.customer}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.requested}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={ready ? "success" : "attention"}>{ready ? "Ready" : "Preparing"}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Button
          size="slim"
          disabled={!ready}
          loading={downloading}
          onClick={download}
          accessibilityLabel={`Download the data of ${row.customer}`}
        >
          Download JSON
        </Button>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function PrivacyPage() {
  const { requests } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const { show, toast } = useAdminToast();
  const preparing = requests.some((row) => row.status !== "ready");

  // A document takes a moment: refresh while one is being prepared.
  useEffect(() => {
    if (!preparing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [preparing, revalidator]);

  return (
    <Page title="Privacy">
      <Layout>
        <Layout.AnnotatedSection
          title="Customer data requests"
          description="When a customer asks your store for their data, Shopify tells the app and the app gathers everything it holds about them: orders, reviews and photos, points, emails, survey answers and unsubscribes. Download the file and send it to the customer."
        >
          <Card padding={requests.length ? "0" : undefined}>
            {requests.length === 0 ? (
              <EmptyState heading="No data requests" image="/empty-state.svg">
                <p>Requests appear here when you request a customer&apos;s data in Shopify admin (Customers → customer → More actions).</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "data request", plural: "data requests" }}
                itemCount={requests.length}
                selectable={false}
                headings={[{ title: "Customer" }, { title: "Requested" }, { title: "Status" }, { title: "File" }]}
              >
                {requests.map((row, index) => (
                  <RequestRow key={row.id} row={row} index={index} onError={(message) => show(message, { error: true })} />
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Erasure" description="Shopify's erasure requests are carried out automatically.">
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                When a customer asks to be forgotten, the app removes their loyalty points, review photos, unsubscribe entries and data
                files, and anonymises what your records keep: orders lose the name and email, reviews show “Anonymous”, sent emails keep
                only that they were sent.
              </Text>
              <Text as="p" tone="subdued">
                48 hours after you uninstall the app, Shopify asks it to delete your store&apos;s data, and it deletes everything.
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
      {toast}
    </Page>
  );
}
