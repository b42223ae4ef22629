// Refunds in parts, end to end in Chromium: in the simulator's control page a new customer
// orders three products; the merchant refunds one unit of a line (restocked), then a goodwill
// amount tied to no line, then the rest to store credit. After each step the app has taken back
// exactly the refunded share of the order's points (the items' by what they earned, the goodwill
// by its share of the total, everything once all is refunded), and the admin's member page and
// dashboard show the figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { dayOf } from "../../app/dashboard/days";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { Order } from "../../scripts/simulator/state";
import {
  horizontalOverflow,
  saveScreenshot,
  startBrowserDemo,
  stopBrowserDemo,
  VIEWPORTS,
  waitFor as waitUntil,
  type BrowserDemo,
  type ViewportName,
} from "./support";

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let db: Db;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3710, name: "retention-e2e-simulator" });
  ({ demo, page, db, pageErrors } = session);
});

afterAll(() => stopBrowserDemo(session));

/** The worker's background jobs here take longer: wait up to 30 seconds. */
const waitFor = <T>(read: () => Promise<T>, done: (value: T) => boolean) => waitUntil(read, done, 30_000, 250);

const SOFIA = { email: "sofia.ioannou@example.com", firstName: "Sofia", lastName: "Ioannou" };
const shopState = () => demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
const admin = (path: string) => `${demo.urls.admin.replace("localhost", "127.0.0.1")}${path}`;

async function at(viewport: ViewportName) {
  await page.setViewportSize(VIEWPORTS[viewport]);
}

async function expectNoOverflow() {
  await expect(horizontalOverflow(page)).resolves.toBe(0);
}

/** Posts a control-page form and waits for the page it redirects to, with its flash message. */
async function submit(button: ReturnType<Page["getByRole"]>, flash: RegExp) {
  await Promise.all([page.waitForURL(/\/\?(message|error)=/), button.click()]);
  await expect(page.locator(".flash").innerText()).resolves.toMatch(flash);
}

/** The value under a figure card's label (the admin's FigureCard: an h2 and the value after it). */
const figure = (label: string) =>
  page.getByRole("heading", { level: 2, name: label, exact: true }).first().locator("xpath=following-sibling::p[1]").innerText();

/** A figure card's line of help under its value, spaces as typed. */
const help = async (label: string) =>
  (await page.getByRole("heading", { level: 2, name: label, exact: true }).first().locator("xpath=following-sibling::p[2]").innerText())
    .replace(/\s+/g, " ")
    .trim();

interface Expected {
  balance: string;
  pending: string;
  earned: string;
  reversed: number; // the order's points taken back so far
  netSales: string; // today's net sales on the dashboard
  issued: string;
  history: string; // the newest line of the points history
}

/** The member's points after the worker has applied a step. */
async function settledMember(customerId: string, pending: number) {
  const member = await waitFor(
    () => db.loyaltyMember.findFirst({ where: { shop: DEMO_SHOP_DOMAIN, customerId } }),
    (row) => row?.pending === pending,
  );
  expect(member?.pending).toBe(pending);
}

/**
 * Today's figures once the rollup after a step has run. Order events within one 10-minute
 * interval share the rollup at its end (app/dashboard/rollup.server.ts): that rollup is run now
 * here, as the time passing would.
 */
async function settledDay(revenueCents: number) {
  const today = dayOf(new Date(), "Europe/Athens");
  await db.job.create({ data: { shop: DEMO_SHOP_DOMAIN, type: "metrics.rollup", payload: { day: today }, runAt: new Date() } });
  const row = await waitFor(
    () => db.dailyMetric.findUnique({ where: { shop_day: { shop: DEMO_SHOP_DOMAIN, day: today } } }),
    (metric) => metric?.revenueCents === revenueCents,
  );
  expect(row?.revenueCents).toBe(revenueCents);
}

async function checkMemberPage(memberId: string, expected: Expected, viewport: ViewportName, screenshot?: string) {
  await at(viewport);
  await page.goto(admin(`/loyalty/members/${memberId}`));
  // The first visit compiles the admin in the Vite dev server: allow it time.
  await page.getByRole("heading", { name: SOFIA.email }).first().waitFor({ timeout: 90_000 });
  await expect(figure("Points to spend")).resolves.toBe(expected.balance);
  await expect(figure("Pending")).resolves.toBe(expected.pending);
  await expect(figure("Earned in total")).resolves.toBe(expected.earned);
  await page.getByText(expected.history).first().waitFor();
  await expectNoOverflow();
  if (screenshot) await saveScreenshot(page, screenshot);
}

/** The dashboard with today's figures, at a width, with no sideways scroll. */
async function checkDashboard(expected: Expected, viewport: ViewportName, screenshot?: string) {
  await at(viewport);
  const today = dayOf(new Date(), "Europe/Athens");
  await page.goto(admin(`?from=${today}&to=${today}`));
  await page.getByRole("heading", { name: "Dashboard" }).waitFor({ timeout: 90_000 });
  await expect(figure("Orders")).resolves.toBe("1");
  const revenueHelp = await help("Revenue from loyalty codes");
  expect(revenueHelp).toContain(`of ${expected.netSales} net sales`);
  await expect(figure("Points issued / redeemed")).resolves.toBe(`${expected.issued} / 0`);
  await expect(help("Points issued / redeemed")).resolves.toBe(`0 expired, ${expected.reversed} reversed`);
  await expectNoOverflow();
  if (screenshot) await saveScreenshot(page, screenshot);
}

describe("partial refunds in Chromium: the simulator's control page, the member page and the dashboard", () => {
  it(
    "refunds a three-product order by line with restock, by a goodwill amount, then the rest to store credit",
    { timeout: 170_000 },
    async () => {
      // A new customer signs up in the store: 100 points for creating an account.
      await at("desktop");
      await page.goto(demo.urls.simulator);
      await page.getByLabel("Email", { exact: true }).fill(SOFIA.email);
      await page.getByLabel("First name").fill(SOFIA.firstName);
      await page.getByLabel("Last name").fill(SOFIA.lastName);
      await submit(page.getByRole("button", { name: "Create customer" }), /customers: customers\/create webhook → 200/);
      const customer = shopState().customers.find((candidate) => candidate.email === SOFIA.email)!;
      const member = await waitFor(
        () => db.loyaltyMember.findFirst({ where: { shop: DEMO_SHOP_DOMAIN, customerId: customer.id } }),
        (row) => row?.balance === 100,
      );

      // Three products, six units: 18.00 + 3 × 14.50 + 2 × 21.00 = 103.50, over the demo's free-shipping threshold.
      await page.locator(`select[name="customerId"]`).selectOption(customer.id);
      await page.getByLabel("Quantity of Olive Oil Soap").fill("0");
      await page.getByLabel("Quantity of Thyme Honey – 250 g").fill("3");
      await page.getByLabel("Quantity of Ceramic Mug – Aegean Blue").fill("1");
      await page.getByLabel("Quantity of Scented Candle").fill("2");
      await submit(page.getByRole("button", { name: "Place order" }), /orders: orders\/paid webhook → 200/);
      const order: Order = shopState().orders.at(-1)!;
      expect(order.lineItems.map((line) => [line.title, line.quantity, line.price])).toEqual([
        ["Ceramic Mug", 1, "18.00"],
        ["Thyme Honey", 3, "14.50"],
        ["Scented Candle", 2, "21.00"],
      ]);
      expect([order.subtotalPrice, order.totalShipping, order.totalTax, order.totalPrice]).toEqual(["103.50", "0.00", "0.00", "103.50"]);
      const row = page.locator("tr", { has: page.locator("code", { hasText: order.id }) });
      await expect(row.locator("ul.lines").innerText()).resolves.toBe(
        ["1 × Ceramic Mug – Aegean Blue", "3 × Thyme Honey – 250 g", "2 × Scented Candle"].join("\n"),
      );
      await expectNoOverflow();
      await saveScreenshot(page, "sim-control-order-1280");

      // 1 point per dollar: 103 points, pending through the returns window.
      const earnedOnly: Expected = {
        balance: "100",
        pending: "103",
        earned: "203",
        reversed: 0,
        netSales: "$103.50",
        issued: "203",
        history: `Order ${order.name}`,
      };
      await settledMember(customer.id, 103);
      await settledDay(10_350);
      await checkMemberPage(member!.id, earnedOnly, "desktop");

      // 1. One of the three jars comes back and is restocked: 14.50, which earned 14.50 of the 103.50
      //    the items earned — floor(103 × 14.50 / 103.50) = 14 points.
      await at("phone");
      await page.goto(demo.urls.simulator);
      await row.getByText("Refund…").click();
      await row.getByLabel("Units of Thyme Honey – 250 g to refund").fill("1");
      await row.getByLabel("Restock the refunded units").check();
      await expectNoOverflow();
      await saveScreenshot(page, "sim-control-refund-form-375");
      await submit(row.getByRole("button", { name: "Refund", exact: true }), /refund: refunds\/create webhook → 200/);
      expect(order.refunds.at(-1)).toMatchObject({
        amount: "14.50",
        storeCredit: "0.00",
        lineItems: [{ quantity: 1, restockType: "cancel" }],
      });
      const afterLine: Expected = {
        ...earnedOnly,
        pending: "89",
        earned: "189",
        reversed: 14,
        netSales: "$89.00",
        history: `Order ${order.name} refunded ($14.50 in total)`,
      };
      await settledMember(customer.id, 89);
      await settledDay(8_900);
      await checkMemberPage(member!.id, afterLine, "desktop", "sim-member-line-refund-1280");
      await checkDashboard(afterLine, "laptop");

      // 2. A goodwill refund of 10.00 tied to no line: 10.00 of the 103.50 total on top —
      //    floor(103 × (14.50 + 10.00) / 103.50) = 24 points in all, 10 more.
      await at("desktop");
      await page.goto(demo.urls.simulator);
      await row.getByText("Refund…").click();
      await row.getByLabel(/^Amount/).fill("10.00");
      await row.getByLabel("Reason").fill("Goodwill: the parcel was late");
      await submit(row.getByRole("button", { name: "Refund", exact: true }), /refund: refunds\/create webhook → 200/);
      expect(order.refunds.at(-1)).toMatchObject({ amount: "10.00", lineItems: [], note: "Goodwill: the parcel was late" });
      const afterGoodwill: Expected = {
        ...afterLine,
        pending: "79",
        earned: "179",
        reversed: 24,
        netSales: "$79.00",
        history: `Order ${order.name} refunded ($24.50 in total)`,
      };
      await settledMember(customer.id, 79);
      await settledDay(7_900);
      await checkMemberPage(member!.id, afterGoodwill, "phone");
      await checkDashboard(afterGoodwill, "laptop", "sim-dashboard-goodwill-1024");

      // 3. The rest, 79.00, to store credit: the order is refunded in full and all 103 points are taken back.
      await at("desktop");
      await page.goto(demo.urls.simulator);
      await row.getByText("Refund…").click();
      await row.getByLabel("Store credit", { exact: true }).check();
      await submit(row.getByRole("button", { name: "Refund", exact: true }), /refund: refunds\/create webhook → 200/);
      expect(order.refunds.at(-1)).toMatchObject({ amount: "79.00", storeCredit: "79.00" });
      expect(order.financialStatus).toBe("REFUNDED");
      await expect(row.innerText()).resolves.toContain("refunded $103.50 ($79.00 as store credit)");
      await expect(row.getByText("Refund…").count()).resolves.toBe(0);
      await expectNoOverflow();
      await saveScreenshot(page, "sim-control-refunded-1280");
      await at("phone");
      await expectNoOverflow();
      await saveScreenshot(page, "sim-control-refunded-375");

      const refunded: Expected = {
        ...afterGoodwill,
        pending: "0",
        earned: "100",
        reversed: 103,
        netSales: "$0.00",
        history: `Order ${order.name} refunded ($103.50 in total)`,
      };
      await settledMember(customer.id, 0);
      await settledDay(0);
      await checkMemberPage(member!.id, refunded, "desktop", "sim-member-store-credit-1280");
      await checkMemberPage(member!.id, refunded, "laptop");
      await checkMemberPage(member!.id, refunded, "phone", "sim-member-store-credit-375");
      await checkDashboard(refunded, "desktop", "sim-dashboard-store-credit-1280");
      await checkDashboard(refunded, "phone", "sim-dashboard-store-credit-375");

      // Each step reversed once, from the pending points, and a webhook sent again changes nothing.
      const reversals = await db.loyaltyEntry.findMany({
        where: { shop: DEMO_SHOP_DOMAIN, orderId: order.id, kind: "reverse" },
        orderBy: { createdAt: "asc" },
      });
      expect(reversals.map((entry) => [entry.bucket, entry.points])).toEqual([
        ["pending", -14],
        ["pending", -10],
        ["pending", -79],
      ]);
      const lastRefund = demo.simulator.webhooks.deliveries.filter((delivery) => delivery.topic === "refunds/create").at(-1)!;
      await demo.simulator.webhooks.redeliver(lastRefund.webhookId);
      await waitFor(
        () => db.job.count({ where: { shop: DEMO_SHOP_DOMAIN, status: { in: ["queued", "running"] }, type: "order.refund" } }),
        (left) => left === 0,
      );
      expect(await db.loyaltyEntry.count({ where: { shop: DEMO_SHOP_DOMAIN, orderId: order.id, kind: "reverse" } })).toBe(3);
      expect(pageErrors).toEqual([]);
    },
  );
});
