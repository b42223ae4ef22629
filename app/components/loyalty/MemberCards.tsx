// The cards of a member's page (app.loyalty.members.$id): the points history, the
// redemptions and the member's details, from the page's view model (app/loyalty/member-view.ts).
import { Badge, BlockStack, Box, Card, IndexTable, InlineStack, Text, type IndexTableProps } from "@shopify/polaris";
import type { MemberView } from "../../loyalty/member-view";

const KINDS: Record<string, { label: string; tone?: "success" | "info" | "attention" | "warning" | "critical" }> = {
  earn: { label: "Earned", tone: "success" },
  pending: { label: "Pending", tone: "attention" },
  release: { label: "Released", tone: "info" },
  redeem: { label: "Redeemed" },
  reverse: { label: "Reversed", tone: "warning" },
  expire: { label: "Expired", tone: "critical" },
  adjust: { label: "Adjusted", tone: "info" },
};

const REDEMPTION_STATUS: Record<string, { label: string; tone?: "success" | "info" | "attention" | "critical" }> = {
  issued: { label: "Issued, not used yet", tone: "success" },
  used: { label: "Used", tone: "info" },
  pending: { label: "Being created", tone: "attention" },
  failed: { label: "Failed, points returned", tone: "critical" },
};

export function PointsHistoryCard({
  entries,
  loading,
  pagination,
}: {
  entries: MemberView["entries"];
  loading: boolean;
  pagination: IndexTableProps["pagination"];
}) {
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          Points history
        </Text>
      </Box>
      <IndexTable
        resourceName={{ singular: "entry", plural: "entries" }}
        itemCount={entries.rows.length}
        selectable={false}
        loading={loading}
        headings={[{ title: "Date" }, { title: "Type" }, { title: "Points", alignment: "end" }, { title: "Note" }, { title: "Order" }]}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">
              No points yet.
            </Text>
          </Box>
        }
        pagination={pagination}
      >
        {entries.rows.map((entry, index) => {
          const kind = KINDS[entry.kind] ?? { label: entry.kind };
          return (
            <IndexTable.Row id={entry.id} key={entry.id} position={index}>
              <IndexTable.Cell>{entry.date}</IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={kind.tone}>{kind.label}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="050" inlineAlign="end">
                  <Text as="span" numeric fontWeight="semibold" tone={entry.positive ? "success" : "critical"}>
                    {entry.points}
                  </Text>
                  {entry.pendingBucket ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      pending
                    </Text>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <div style={{ maxWidth: 360, whiteSpace: "normal" }}>
                  <BlockStack gap="050">
                    <Text as="span" breakWord>
                      {entry.note}
                    </Text>
                    {entry.availableAt ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {`Spendable from ${entry.availableAt}`}
                      </Text>
                    ) : null}
                  </BlockStack>
                </div>
              </IndexTable.Cell>
              <IndexTable.Cell>{entry.order ?? ""}</IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}

export function RedemptionsCard({ redemptions }: { redemptions: MemberView["redemptions"] }) {
  return (
    <Card padding="0">
      <Box padding="400">
        <Text as="h2" variant="headingMd">
          Redemptions
        </Text>
      </Box>
      {redemptions.rows.length === 0 ? (
        <Box paddingInline="400" paddingBlockEnd="400">
          <Text as="p" tone="subdued">
            No rewards redeemed yet.
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{ singular: "redemption", plural: "redemptions" }}
          itemCount={redemptions.rows.length}
          selectable={false}
          headings={[
            { title: "Code or credit" },
            { title: "Reward" },
            { title: "Points", alignment: "end" },
            { title: "Status" },
            { title: "Date" },
          ]}
        >
          {redemptions.rows.map((redemption, index) => {
            const status = REDEMPTION_STATUS[redemption.status] ?? { label: redemption.status };
            return (
              <IndexTable.Row id={redemption.id} key={redemption.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {redemption.code}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{redemption.reward}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {redemption.points}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {redemption.used ? (
                      <Text as="span" variant="bodySm" tone="subdued">
                        {redemption.used}
                      </Text>
                    ) : null}
                    {redemption.error ? (
                      <Text as="span" variant="bodySm" tone="subdued" breakWord>
                        {redemption.error}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{redemption.date}</IndexTable.Cell>
              </IndexTable.Row>
            );
          })}
        </IndexTable>
      )}
      {redemptions.total > redemptions.rows.length ? (
        <Box padding="400">
          <Text as="p" tone="subdued">{`Showing the ${redemptions.rows.length} most recent of ${redemptions.total} redemptions.`}</Text>
        </Box>
      ) : null}
    </Card>
  );
}

export function MemberDetailsCard({ member }: { member: MemberView["member"] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Member
        </Text>
        <Detail label="Email" value={member.email ?? "—"} />
        <Detail label="Referral code" value={member.referralCode} />
        <Detail label="Birthday" value={member.birthday ?? "Not given"} />
        <Detail label="Member since" value={member.memberSince} />
        <Detail label="Last activity" value={member.lastActivity} />
      </BlockStack>
    </Card>
  );
}

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200" wrap={false}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" breakWord>
        {value}
      </Text>
    </InlineStack>
  );
}
