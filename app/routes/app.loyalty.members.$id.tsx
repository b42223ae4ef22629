import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, EmptyState, IndexTable, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import db from "../db.server";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";
import type { FieldErrors } from "../forms";
import { adjustPoints, memberDetail, type AdjustInput } from "../loyalty/members.server";
import { useAdminToast } from "../components/useAdminToast";
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
  // Dates and numbers are formatted here, in the shop's time zone, so the server and browser render the same text.
  const formatDate = dateFormatter(timeZone, true);
  const formatDay = dateFormatter(timeZone, false);
  const n = (value: number) => value.toLocaleString("en-US");
  const signed = (value: number) => (value > 0 ? `+${n(value)}` : value < 0 ? `−${n(-value)}` : "0");
  const { member, tier, entries, redemptions } = detail;
  return {
    member: {
      id: member.id,
      title: member.email ?? member.firstName ?? "Member",
      firstName: member.firstName,
      email: member.email,
      customerNumber: member.customerId?.split("/").pop() ?? null,
      balance: n(member.balance),
      negative: member.balance < 0,
      pending: n(member.pending),
      lifetimeEarned: n(member.lifetimeEarned),
      tier: tier ? { name: tier.name, multiplier: tier.multiplierPercent === 100 ? "Normal rate" : `×${tier.multiplierPercent / 100} points on orders` } : null,
      referralCode: member.referralCode,
      birthday: member.birthday ? birthdayText(member.birthday) : null,
      memberSince: formatDay(member.createdAt),
      lastActivity: formatDay(member.lastActivityAt),
    },
    entries: {
      rows: entries.rows.map((entry) => ({
        id: entry.id,
        date: formatDate(entry.createdAt),
        kind: entry.kind,
        pendingBucket: entry.bucket === "pending",
        points: signed(entry.points),
        positive: entry.points > 0,
        note: entry.note,
        order: entry.orderName ?? (entry.orderId ? `Order ${entry.orderId.split("/").pop()}` : null),
        availableAt: entry.availableAt && entry.kind === "pending" ? formatDay(entry.availableAt) : null,
      })),
      hasNext: entries.hasNext,
      hasPrevious: entries.hasPrevious,
      nextCursor: entries.nextCursor,
      previousCursor: entries.previousCursor,
    },
    redemptions: {
      total: redemptions.total,
      rows: redemptions.rows.map((r) => ({
        id: r.id,
        code: r.code,
        reward: r.rewardName ?? "Deleted reward",
        points: n(r.points),
        status: r.status,
        error: r.error,
        date: formatDate(r.createdAt),
      })),
    },
    // Names this showing of the adjust form: sent twice, it adjusts once. A new one comes with each reload.
    adjustKey: crypto.randomUUID(),
  };
};

function dateFormatter(timeZone: string, withTime: boolean) {
  const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", { timeZone, ...options });
  } catch {
    format = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", ...options });
  }
  return (date: Date) => format.format(date);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "03-14" → "March 14". */
function birthdayText(monthDay: string): string {
  const [month, day] = monthDay.split("-").map(Number);
  return month && day && MONTHS[month - 1] ? `${MONTHS[month - 1]} ${day}` : monthDay;
}

type ActionResult = { ok: true; message: string } | { ok: false; message: string; errors: FieldErrors<AdjustInput> };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const result = await adjustPoints(db, shop, params.id ?? "", Object.fromEntries(await request.formData()), new Date());
  if (!result.ok) return Response.json({ ok: false, message: result.message, errors: result.errors } satisfies ActionResult, { status: result.notFound ? 404 : 400 });
  const points = result.entry?.points ?? 0;
  const message = !result.entry
    ? "Already adjusted"
    : `${points > 0 ? "Added" : "Deducted"} ${Math.abs(points).toLocaleString("en-US")} point${Math.abs(points) === 1 ? "" : "s"}. Balance: ${result.balance.toLocaleString("en-US")}`;
  return { ok: true, message } satisfies ActionResult;
};

const KINDS: Record<string, { label: string; tone?: "success" | "info" | "attention" | "warning" | "critical" }> = {
  earn: { label: "Earned", tone: "success" },
  pending: { label: "Pending", tone: "attention" },
  release: { label: "Released", tone: "info" },
  redeem: { label: "Redeemed" },
  reverse: { label: "Reversed", tone: "warning" },
  expire: { label: "Expired", tone: "critical" },
  adjust: { label: "Adjusted", tone: "info" },
};

const REDEMPTION_STATUS: Record<string, { label: string; tone?: "success" | "attention" | "critical" }> = {
  issued: { label: "Issued", tone: "success" },
  pending: { label: "Being created", tone: "attention" },
  failed: { label: "Failed, points returned", tone: "critical" },
};

export default function LoyaltyMemberPage() {
  const { member, entries, redemptions } = useLoaderData<typeof loader>();
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
      subtitle={[member.firstName, member.customerNumber ? `Customer ${member.customerNumber}` : "Guest (no customer account yet)"].filter(Boolean).join(" · ")}
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
                  pagination={pagination(entries)}
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
                    headings={[{ title: "Code" }, { title: "Reward" }, { title: "Points", alignment: "end" }, { title: "Status" }, { title: "Date" }]}
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
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <AdjustPoints />
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
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
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

function AdjustPoints() {
  const { adjustKey } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ActionResult>();
  const { show, toast } = useAdminToast();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok) return;
    show(fetcher.data.message);
    setPoints("");
    setReason("");
    setSubmitted(false);
  }, [fetcher.state, fetcher.data, show]);

  const failed = submitted && fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  const errors = failed?.errors ?? {};
  const typed = Number(points.trim().replace(/^\+/, "").replace(/^[\u2212\u2013]/, "-"));
  const deducting = Number.isInteger(typed) && typed < 0;

  return (
    <Card>
      <fetcher.Form method="post" onSubmit={() => setSubmitted(true)}>
        <input type="hidden" name="key" value={adjustKey} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Adjust points
          </Text>
          <TextField
            label="Points"
            name="points"
            type="text"
            inputMode="numeric"
            value={points}
            onChange={setPoints}
            error={errors.points}
            placeholder="50 or -50"
            helpText="A negative number deducts points."
            autoComplete="off"
          />
          <TextField
            label="Reason"
            name="reason"
            value={reason}
            onChange={setReason}
            error={errors.reason ?? errors.key}
            maxLength={200}
            showCharacterCount
            helpText="Shown in the points history."
            autoComplete="off"
          />
          {failed && Object.keys(errors).length === 0 ? (
            <Text as="p" tone="critical">
              {failed.message}
            </Text>
          ) : null}
          <InlineStack align="end">
            <Button submit variant="primary" tone={deducting ? "critical" : undefined} loading={fetcher.state !== "idle"}>
              {deducting ? "Deduct points" : "Add points"}
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
      {toast}
    </Card>
  );
}

/** An unknown member (an old link, another shop's id): a page that leads back to the list. Anything else goes to the layout's boundary. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <Page title="Member not found" backAction={{ content: "Members", url: "/app/loyalty/members" }}>
      <Card>
        <EmptyState heading="This member is not in your loyalty programme" action={{ content: "All members", url: "/app/loyalty/members" }} image="/empty-state.svg">
          <p>The link may be out of date.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
