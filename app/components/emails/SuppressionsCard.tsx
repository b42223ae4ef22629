import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, Button, Card, IndexTable, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { SuppressionEntry } from "../../emails/emails-page";
import { useAdminToast } from "../useAdminToast";

/**
 * The addresses the app sends nothing to, each with a Remove button that posts
 * `intent=remove-suppression` to the page's action.
 */
export function SuppressionsCard({ suppressions }: { suppressions: { total: number; rows: SuppressionEntry[] } }) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const { show, toast } = useAdminToast();

  useEffect(() => {
    if (!fetcher.data) return;
    if (fetcher.data.ok) show("Address removed: it can receive emails again");
    else show(fetcher.data.error ?? "The address could not be removed", { error: true });
  }, [fetcher.data, show]);

  return (
    <Card padding="0">
      <BlockStack>
        <Box padding="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Suppressed addresses
            </Text>
            <Text as="p" tone="subdued">
              These addresses get no emails from the app: the customer unsubscribed, or their mail server refused an email for good.
            </Text>
          </BlockStack>
        </Box>
        {suppressions.rows.length === 0 ? (
          <Box paddingInline="400" paddingBlockEnd="400">
            <Text as="p">No suppressed addresses.</Text>
          </Box>
        ) : (
          <IndexTable
            resourceName={{ singular: "address", plural: "addresses" }}
            itemCount={suppressions.rows.length}
            selectable={false}
            headings={[{ title: "Email" }, { title: "Reason" }, { title: "Date" }, { title: "Action" }]}
          >
            {suppressions.rows.map((row, index) => {
              const removing = fetcher.state !== "idle" && fetcher.formData?.get("id") === row.id;
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>{row.email}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="100">
                      <Text as="span">{row.reason}</Text>
                      {row.detail ? (
                        <Text as="span" tone="subdued" breakWord>
                          {row.detail}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.date}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <fetcher.Form method="post">
                      <input type="hidden" name="intent" value="remove-suppression" />
                      <input type="hidden" name="id" value={row.id} />
                      <Button
                        submit
                        size="slim"
                        loading={removing}
                        accessibilityLabel={`Remove ${row.email} from the suppressed addresses`}
                      >
                        Remove
                      </Button>
                    </fetcher.Form>
                  </IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        )}
        {suppressions.total > suppressions.rows.length ? (
          <Box paddingBlock="300" paddingInline="400">
            <Text as="p" tone="subdued">{`Showing the ${suppressions.rows.length} most recent of ${suppressions.total} addresses.`}</Text>
          </Box>
        ) : null}
      </BlockStack>
      {toast}
    </Card>
  );
}
