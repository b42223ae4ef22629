import { defer, type LoaderFunctionArgs } from "@remix-run/node";
import { Await, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Collapsible,
  DatePicker,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Popover,
  ProgressBar,
  SkeletonBodyText,
  SkeletonDisplayText,
  Text,
} from "@shopify/polaris";
import { lazy, Suspense, useEffect, useState } from "react";
import { z } from "zod";
import { FigureCard, type Figure } from "../components/FigureCard";
import { useEmbedded } from "../components/useEmbedded";
import { addDays, dayOf, isDay, lastDays, rangeLength, type DayRange } from "../dashboard/days";
import { loadDashboard } from "../dashboard/metrics.server";
import { checklistSteps, themeEditorLinks, type ChecklistStep, type ThemeCheck } from "../dashboard/onboarding";
import { refreshTodayIfStale } from "../dashboard/rollup.server";
import { checkTheme } from "../dashboard/theme-check.server";
import db from "../db.server";
import { formatMoney, fromMinorUnits } from "../lib/money";
import { shopTimeZone } from "../lib/shop-profile.server";
import { requireAdmin } from "../shopify.server";

const PRESETS = [7, 30, 90] as const;
const DEFAULT_PRESET = 30;
const MAX_RANGE_DAYS = 366;

const RangeQuery = z.object({
  days: z.coerce.number().pipe(z.union([z.literal(7), z.literal(30), z.literal(90)])).optional().catch(undefined),
  from: z.string().refine(isDay).optional().catch(undefined),
  to: z.string().refine(isDay).optional().catch(undefined),
});

/** A custom range when it is a valid one, else a preset ending today on the shop's clock. */
function rangeFrom(url: URL, today: string): { range: DayRange; preset: number | null } {
  const query = RangeQuery.parse(Object.fromEntries(url.searchParams));
  if (query.from && query.to && query.from <= query.to && query.to <= today && rangeLength({ from: query.from, to: query.to }) <= MAX_RANGE_DAYS) {
    return { range: { from: query.from, to: query.to }, preset: null };
  }
  const days = query.days ?? DEFAULT_PRESET;
  return { range: lastDays(days, today), preset: days };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, admin } = await requireAdmin(request);
  const now = new Date();
  const today = dayOf(now, await shopTimeZone(db, shop));
  const { range, preset } = rangeFrom(new URL(request.url), today);
  // Reviews and emails have no event hook: today's figures are refreshed when stale.
  await refreshTodayIfStale(db, shop, now);
  const dashboard = await loadDashboard(db, shop, range, now);
  return defer({
    dashboard,
    preset,
    links: themeEditorLinks(shop, process.env.SHOPIFY_API_KEY || ""),
    shop,
    // Streamed: the page renders at once and the two theme steps fill in when Shopify answers.
    theme: checkTheme(admin),
  });
};

type LoadedDashboard = ReturnType<typeof useLoaderData<typeof loader>>["dashboard"];

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(value < 0.1 ? 1 : 0)}%`);
const integer = (value: number) => value.toLocaleString("en");

function trendHelp(change: number | null, previous: string): string {
  if (change === null) return `Previous period: ${previous}`;
  const rounded = Math.round(change * 100);
  if (rounded === 0) return `Same as the previous period (${previous})`;
  return `${rounded > 0 ? "▲" : "▼"} ${Math.abs(rounded)}% on the previous period (${previous})`;
}

function figuresOf(dashboard: LoadedDashboard): { title: string; figures: Figure[]; action?: { label: string; url: string } }[] {
  const { totals, previousTotals, ratios, previousRatios, trends, points, tasks } = dashboard;
  const money = (minor: number) => formatMoney(fromMinorUnits(minor, dashboard.currencyCode), dashboard.currencyCode);
  const rating = (value: number | null) => (value === null ? "–" : `${value.toFixed(2)} ★`);
  return [
    {
      title: "Customers",
      figures: [
        { label: "Orders", value: integer(totals.orders), help: trendHelp(trends.orders, integer(previousTotals.orders)) },
        { label: "Repeat-purchase rate", value: percent(ratios.repeatPurchaseRate), help: `${integer(totals.repeatOrders)} orders from returning customers` },
        { label: "Revenue from loyalty codes", value: money(totals.loyaltyRevenueCents), help: `${integer(totals.loyaltyOrders)} orders used a reward code; ${percent(ratios.loyaltyRevenueShare)} of ${money(totals.revenueCents)} net sales` },
        {
          label: "Orders over the free-shipping threshold",
          value: percent(ratios.freeShippingShare),
          help: `${integer(totals.freeShippingEligibleOrders)} of ${integer(totals.freeShippingTrackedOrders)} orders a threshold applied to`,
        },
      ],
    },
    {
      title: "Reviews",
      action: tasks.open > 0 ? { label: "See follow-up tasks", url: "/app/reviews/tasks" } : undefined,
      figures: [
        { label: "Average rating", value: rating(ratios.averageRating), help: trendHelp(trends.averageRating, rating(previousRatios.averageRating)) },
        { label: "Reviews written", value: integer(totals.reviews), help: "Imported reviews are not counted" },
        {
          label: "Review request conversion",
          value: percent(ratios.reviewConversion),
          help: `${integer(totals.reviewsFromRequests)} reviews from ${integer(totals.reviewRequestsSent)} review requests`,
        },
        {
          label: "Open follow-up tasks",
          value: integer(tasks.open),
          help: `${integer(tasks.lowRating)} low ratings, ${integer(tasks.unhappySurvey)} unhappy survey answers`,
          tone: tasks.open > 0 ? "critical" : undefined,
        },
      ],
    },
    {
      title: "Emails and points",
      figures: [
        { label: "Emails sent", value: integer(totals.emailsSent), help: `${integer(totals.emailsFailed)} failed, ${integer(totals.emailsBounced)} bounced` },
        { label: "Unsubscribes", value: integer(totals.unsubscribes), help: "Customers who used the one-click unsubscribe link" },
        { label: "Points issued / redeemed", value: `${integer(totals.pointsIssued)} / ${integer(totals.pointsRedeemed)}`, help: `${integer(totals.pointsExpired)} expired, ${integer(totals.pointsReversed)} reversed` },
        { label: "Outstanding points", value: integer(points.outstanding), help: `Spendable ${integer(points.balance)}, pending ${integer(points.pending)}: what customers can still redeem` },
      ],
    },
  ];
}

// ── Date range ────────────────────────────────────────────────────────────────────────────

const toDate = (day: string) => {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year!, month! - 1, date!);
};
const toDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
const rangeLabel = (range: DayRange, preset: number | null) =>
  preset ? `Last ${preset} days` : `${toDate(range.from).toLocaleDateString("en", { dateStyle: "medium" })} – ${toDate(range.to).toLocaleDateString("en", { dateStyle: "medium" })}`;

function RangePicker({ range, preset, today }: { range: DayRange; preset: number | null; today: string }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState({ start: toDate(range.from), end: toDate(range.to) });
  const [month, setMonth] = useState({ month: toDate(range.to).getMonth(), year: toDate(range.to).getFullYear() });
  const go = (query: string) => {
    setOpen(false);
    navigate(`?${query}`);
  };
  return (
    <Popover
      active={open}
      onClose={() => setOpen(false)}
      preferredAlignment="right"
      activator={
        <Button disclosure onClick={() => setOpen((value) => !value)}>
          {rangeLabel(range, preset)}
        </Button>
      }
    >
      <Box padding="400" maxWidth="22rem">
        <BlockStack gap="300">
          <ButtonGroup variant="segmented">
            {PRESETS.map((days) => (
              <Button key={days} pressed={preset === days} onClick={() => go(`days=${days}`)}>
                {`${days} days`}
              </Button>
            ))}
          </ButtonGroup>
          <Text as="p" tone="subdued">
            Or pick a custom range (up to a year):
          </Text>
          <DatePicker
            month={month.month}
            year={month.year}
            onMonthChange={(nextMonth, year) => setMonth({ month: nextMonth, year })}
            selected={selected}
            onChange={setSelected}
            allowRange
            disableDatesAfter={toDate(today)}
            disableDatesBefore={toDate(addDays(today, -3 * 365))}
          />
          <InlineStack align="end">
            <Button
              variant="primary"
              disabled={rangeLength({ from: toDay(selected.start), to: toDay(selected.end) }) > MAX_RANGE_DAYS}
              onClick={() => go(`from=${toDay(selected.start)}&to=${toDay(selected.end)}`)}
            >
              Apply
            </Button>
          </InlineStack>
        </BlockStack>
      </Box>
    </Popover>
  );
}

// ── Onboarding checklist ──────────────────────────────────────────────────────────────────

interface ChecklistView {
  dismissed: boolean;
  collapsed: boolean;
}

/** Dismissing or collapsing is the merchant's view of this browser, not shop data. */
function useChecklistView(shop: string): [ChecklistView, (view: ChecklistView) => void] {
  const key = `retention:onboarding:${shop}`;
  const [view, setView] = useState<ChecklistView>({ dismissed: false, collapsed: false });
  useEffect(() => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(key) ?? "null") as ChecklistView | null;
      if (stored) setView({ dismissed: Boolean(stored.dismissed), collapsed: Boolean(stored.collapsed) });
    } catch {
      // unreadable storage: show the checklist open
    }
  }, [key]);
  const save = (next: ChecklistView) => {
    setView(next);
    try {
      window.localStorage.setItem(key, JSON.stringify(next));
    } catch {
      // storage refused (private mode): the choice lasts for this page view
    }
  };
  return [view, save];
}

function StepRow({ step, checking, embedded }: { step: ChecklistStep; checking: boolean; embedded: boolean }) {
  const status = step.done ? (
    <Text as="span" tone="success" fontWeight="semibold">
      ✓ Done
    </Text>
  ) : checking ? (
    <Badge>Checking…</Badge>
  ) : step.done === null ? (
    <Badge tone="attention">Couldn't check</Badge>
  ) : (
    <Badge>To do</Badge>
  );
  return (
    <Box as="li" paddingBlock="200" borderBlockStartWidth="025" borderColor="border-secondary">
      <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
        <InlineStack gap="300" blockAlign="start" wrap={false}>
          <Box minWidth="5rem">{status}</Box>
          <BlockStack gap="050">
            <Text as="h3" variant="headingSm" tone={step.done ? "subdued" : undefined}>
              {step.title}
            </Text>
            {step.done ? null : (
              <Text as="p" tone="subdued">
                {step.help}
              </Text>
            )}
          </BlockStack>
        </InlineStack>
        {step.done ? null : step.action.external ? (
          <Button url={step.action.url} target={embedded ? "_top" : "_blank"}>
            {step.action.label}
          </Button>
        ) : (
          <Button url={step.action.url}>{step.action.label}</Button>
        )}
      </InlineStack>
    </Box>
  );
}

function Checklist({ steps, checking, shop, themeProblem }: { steps: ChecklistStep[]; checking: boolean; shop: string; themeProblem: string | null }) {
  const embedded = useEmbedded();
  const [view, setView] = useChecklistView(shop);
  const done = steps.filter((step) => step.done).length;
  if (view.dismissed) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Set up Retention
          </Text>
          <ButtonGroup>
            <Button variant="tertiary" disclosure={view.collapsed ? "down" : "up"} ariaControls="onboarding-steps" onClick={() => setView({ ...view, collapsed: !view.collapsed })}>
              {view.collapsed ? "Show steps" : "Hide steps"}
            </Button>
            <Button variant="tertiary" onClick={() => setView({ ...view, dismissed: true })}>
              Dismiss
            </Button>
          </ButtonGroup>
        </InlineStack>
        <InlineStack gap="300" blockAlign="center" wrap={false}>
          <Text as="p" tone="subdued">{`${done} of ${steps.length} steps done`}</Text>
          <Box width="12rem">
            <ProgressBar progress={Math.round((done / steps.length) * 100)} size="small" tone="success" />
          </Box>
        </InlineStack>
        <Collapsible id="onboarding-steps" open={!view.collapsed}>
          <BlockStack gap="200">
            {themeProblem ? (
              <Text as="p" tone="subdued">{`We couldn't check your theme (${themeProblem}). The theme editor links still work.`}</Text>
            ) : null}
            <BlockStack as="ul">
              {steps.map((step) => (
                <StepRow key={step.id} step={step} checking={checking && step.done === null} embedded={embedded} />
              ))}
            </BlockStack>
          </BlockStack>
        </Collapsible>
      </BlockStack>
    </Card>
  );
}

// ── Charts ────────────────────────────────────────────────────────────────────────────────

const DashboardCharts = lazy(() => import("../components/DashboardCharts.client"));

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

/** True once hydrated: what renders only in the browser starts after, so hydration never meets a pending Suspense boundary. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** Polaris Viz needs the browser: rendered after hydration, a skeleton until then (and on the server). */
function Charts({ series }: { series: LoadedDashboard["series"] }) {
  if (!useHydrated()) return <ChartsSkeleton />;
  return (
    <Suspense fallback={<ChartsSkeleton />}>
      <DashboardCharts series={series} />
    </Suspense>
  );
}

// ── Page ──────────────────────────────────────────────────────────────────────────────────

export default function DashboardPage() {
  const { dashboard, preset, links, shop, theme } = useLoaderData<typeof loader>();
  const checklistFor = (check: ThemeCheck) => checklistSteps(dashboard.onboarding, check, links);
  // The theme check streams in; its Suspense boundary starts after hydration (see useHydrated).
  const hydrated = useHydrated();
  const checking = <Checklist steps={checklistFor({ checked: false, reason: "checking" })} checking shop={shop} themeProblem={null} />;
  // On the shop's clock, so the server's rendering and the browser's agree.
  const updated = dashboard.computedAt
    ? new Date(dashboard.computedAt).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: dashboard.timeZone })
    : null;
  return (
    <Page
      title="Dashboard"
      subtitle={updated ? `Figures updated ${updated}; today's refresh every 10 minutes.` : "Figures appear once the first orders, emails and reviews come in."}
      primaryAction={<RangePicker key={`${dashboard.range.from}:${dashboard.range.to}`} range={dashboard.range} preset={preset} today={dashboard.today} />}
    >
      <Layout>
        <Layout.Section>
          {hydrated ? (
            <Suspense fallback={checking}>
              <Await resolve={theme} errorElement={<Checklist steps={checklistFor({ checked: false, reason: "error" })} checking={false} shop={shop} themeProblem="no answer" />}>
                {(check) => <Checklist steps={checklistFor(check)} checking={false} shop={shop} themeProblem={check.checked ? null : check.reason} />}
              </Await>
            </Suspense>
          ) : (
            checking
          )}
        </Layout.Section>
        {dashboard.hasData ? (
          <>
            {figuresOf(dashboard).map((group) => (
              <Layout.Section key={group.title}>
                <BlockStack gap="200">
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
                  <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                    {group.figures.map((figure) => (
                      <FigureCard key={figure.label} figure={figure} size="medium" />
                    ))}
                  </InlineGrid>
                </BlockStack>
              </Layout.Section>
            ))}
            <Layout.Section>
              <Charts series={dashboard.series} />
            </Layout.Section>
          </>
        ) : (
          <Layout.Section>
            <Card>
              <EmptyState heading="Your retention figures will appear here" image="/empty-state.svg">
                <p>
                  Repeat purchases, review conversion, ratings, emails and loyalty points are added up as orders arrive and emails go out. Finish the
                  setup steps above, and the first figures show within minutes of the first order.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
