// Web Vitals of every admin page: the production build (`npm run build`, served by `npm start`'s
// server) with the demo's data, each page loaded cold in Chromium, then its main action clicked.
import os from "node:os";
import { stripVTControlCharacters } from "node:util";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { startBenchDemo } from "./demo";
import { DEMO_SHOP_DOMAIN } from "../scripts/simulator/demo-store";
import { median, type BenchmarkResult, type Measurement } from "./report";
import { cumulativeLayoutShift, interactionLatency, largestContentfulPaint, type PerformanceRecord } from "./web-vitals";

/** The demo's five ports (app, simulator, storefront, mail viewer, SMTP); 3640-3647 go to the other benchmarks. */
const FIRST_PORT = 3750;
const RUNS = 3;
const VIEWPORT = { width: 1280, height: 800 };
const BUDGET = { lcpMs: 1000, cls: 0.05, inpMs: 100 };
/** Chromium reports an interaction's `event` entries from this duration up (its minimum). */
const EVENT_THRESHOLD_MS = 16;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"];

interface AdminPage {
  name: string;
  /** Under /app. */
  path: string;
  heading: string;
  /** The main action in words, for the table. */
  action: string;
  /** What comes before the measured click (an edit before Save, a new value each run); not measured. */
  prepare?(page: Page, run: number): Promise<void>;
  target(page: Page): Locator;
  /** Resolves once the click's outcome shows. */
  done(page: Page): Promise<unknown>;
}

const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const dialog = (page: Page) => page.getByRole("dialog").first().waitFor();
const heading = (page: Page, name: string) => page.getByRole("heading", { name, exact: true }).first().waitFor();
const saved = (page: Page) => page.getByText("Unsaved changes").waitFor({ state: "hidden" });

function adminPages(memberId: string): AdminPage[] {
  return [
    {
      name: "Dashboard",
      path: "",
      heading: "Dashboard",
      action: "open the date range picker",
      target: (page) => page.getByRole("button", { name: /^Last \d+ days$/ }),
      done: (page) => button(page, "7 days").waitFor(),
    },
    {
      name: "Reviews",
      path: "/reviews",
      heading: "Reviews",
      action: "filter by the Published tab",
      target: (page) => page.getByRole("tab", { name: /^Published/ }),
      done: (page) => page.waitForURL(/status=published/),
    },
    {
      name: "Review settings",
      path: "/reviews/settings",
      heading: "Review settings",
      action: "Save after ticking a box",
      prepare: (page) => page.getByLabel("Publish reviews automatically").click(),
      target: (page) => button(page, "Save"),
      done: saved,
    },
    {
      name: "Follow-up tasks",
      path: "/reviews/tasks",
      heading: "Follow-up tasks",
      action: "Mark done",
      target: (page) => button(page, "Mark done").first(),
      done: (page) => page.waitForLoadState("networkidle"),
    },
    {
      name: "Import reviews",
      path: "/reviews/import",
      heading: "Import reviews",
      action: "Import a Judge.me CSV",
      prepare: (page) => page.locator('input[type="file"]').setInputFiles("app/reviews/csv/fixtures/judgeme-export.csv"),
      target: (page) => button(page, "Import"),
      done: (page) => page.getByText("Import started. Progress appears below.").waitFor(),
    },
    {
      name: "Emails",
      path: "/emails",
      heading: "Emails",
      action: "open Settings",
      target: (page) => page.getByRole("link", { name: "Settings", exact: true }).last(),
      done: (page) => heading(page, "Email settings"),
    },
    {
      name: "Email settings",
      path: "/emails/settings",
      heading: "Email settings",
      action: "Save after an edit",
      prepare: (page, run) => page.getByLabel("Minutes after payment").fill(String(5 + run)),
      target: (page) => button(page, "Save"),
      done: saved,
    },
    {
      name: "Email template editor",
      path: "/emails/templates/review_request/en",
      heading: "Review request",
      action: "Save after editing the subject",
      prepare: async (page, run) => {
        const subject = `How is your order? (${run + 1})`;
        await page.getByLabel("Subject").fill(subject);
        // The live preview has caught up: in this benchmark a Save clicked while its request was under way did nothing.
        await page.getByText(subject, { exact: true }).last().waitFor();
      },
      target: (page) => button(page, "Save"),
      done: saved,
    },
    {
      name: "Loyalty",
      path: "/loyalty",
      heading: "Loyalty",
      action: "open rewards",
      target: (page) => page.getByRole("link", { name: "Open rewards" }),
      done: (page) => heading(page, "Rewards"),
    },
    {
      name: "Members",
      path: "/loyalty/members",
      heading: "Members",
      action: "open the first member",
      target: (page) => page.locator(`a[href^="/app/loyalty/members/"]`).first(),
      done: (page) => page.waitForURL(/\/members\/[^/]+$/),
    },
    {
      name: "Member",
      path: `/loyalty/members/${memberId}`,
      heading: "",
      action: "Add points",
      prepare: async (page) => {
        await page.getByLabel("Points").fill("25");
        await page.getByLabel("Reason").fill("Bench");
      },
      target: (page) => button(page, "Add points"),
      done: (page) => page.getByLabel("Points").and(page.locator('[value=""]')).waitFor(),
    },
    {
      name: "Rewards",
      path: "/loyalty/rewards",
      heading: "Rewards",
      action: "open Add reward",
      target: (page) => button(page, "Add reward").first(),
      done: dialog,
    },
    {
      name: "VIP tiers",
      path: "/loyalty/tiers",
      heading: "VIP tiers",
      action: "open Add tier",
      target: (page) => button(page, "Add tier").first(),
      done: dialog,
    },
    {
      name: "Loyalty settings",
      path: "/loyalty/settings",
      heading: "Loyalty settings",
      action: "Save after an edit",
      prepare: (page, run) => page.getByLabel("Creating an account").fill(String(275 + run)),
      target: (page) => button(page, "Save"),
      done: saved,
    },
    {
      name: "Free shipping",
      path: "/free-shipping",
      heading: "Free shipping",
      action: "open Add zone",
      target: (page) => button(page, "Add zone").first(),
      done: dialog,
    },
    {
      name: "Settings",
      path: "/settings",
      heading: "Settings",
      action: "tick Include test orders (saves at once)",
      target: (page) => page.getByLabel("Include test orders"),
      done: (page) => page.waitForLoadState("networkidle"),
    },
    {
      name: "Privacy",
      path: "/privacy",
      heading: "Privacy",
      action: "open Settings from the navigation",
      target: (page) => page.getByRole("link", { name: "Settings", exact: true }).first(),
      done: (page) => heading(page, "Settings"),
    },
  ];
}

/**
 * Runs before the page's own scripts: buffered observers keep every entry from the first paint on.
 * Source text, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const OBSERVE_PERFORMANCE = `
  const record = { largestPaints: [], layoutShifts: [], events: [] };
  window.__vitals = record;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record.largestPaints.push({ startTime: entry.startTime });
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      record.layoutShifts.push({ value: entry.value, startTime: entry.startTime, hadRecentInput: entry.hadRecentInput });
  }).observe({ type: "layout-shift", buffered: true });
  const onEvents = (list) => {
    for (const entry of list.getEntries())
      record.events.push({ name: entry.name, startTime: entry.startTime, duration: entry.duration, interactionId: entry.interactionId });
  };
  new PerformanceObserver(onEvents).observe({ type: "event", durationThreshold: ${EVENT_THRESHOLD_MS}, buffered: true });
  // The first input is reported whatever its duration.
  new PerformanceObserver(onEvents).observe({ type: "first-input", buffered: true });
`;

const readRecord = (page: Page) => page.evaluate(() => (window as unknown as { __vitals: PerformanceRecord }).__vitals);
/** Two frames and a moment: observers receive an interaction's entries after the paint that ends it. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100)))));

interface Vitals {
  lcpMs: number;
  cls: number;
  /** 0: below the Event Timing threshold (Chromium reported no entry). */
  inpMs: number;
}

async function measureLoad(browser: Browser, adminUrl: string, adminPage: AdminPage, run: number): Promise<Vitals> {
  // A fresh context per load: a cold HTTP cache, as on a merchant's first visit.
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(OBSERVE_PERFORMANCE);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${adminUrl}${adminPage.path}`);
    if (adminPage.heading) await heading(page, adminPage.heading);
    // Hydrated and done loading: the LCP candidate is final before any input ends it.
    await page.waitForLoadState("networkidle");
    await settle(page);
    const lcpMs = largestContentfulPaint(await readRecord(page));
    if (lcpMs === null) throw new Error(`${adminPage.name}: Chromium reported no largest contentful paint`);

    await adminPage.prepare?.(page, run);
    await settle(page);
    const target = adminPage.target(page);
    await target.waitFor();
    // The pointer reaches the button before it presses it, as a user's does: Playwright's click
    // would otherwise move it onto the page in the same frame, and the restyle of its first hover
    // (hundreds of elements, 13-22 ms here) would be counted as the click's.
    await target.hover();
    await settle(page);
    const clicksBefore = await page.evaluate(() => performance.eventCounts.get("click") ?? 0);
    const since = await page.evaluate(() => performance.now());
    await target.click();
    await adminPage.done(page);
    await settle(page);
    const clicksAfter = await page.evaluate(() => performance.eventCounts.get("click") ?? 0);
    if (clicksAfter <= clicksBefore) throw new Error(`${adminPage.name}: the click on "${adminPage.action}" never reached the page`);
    const record = await readRecord(page);
    if (errors.length) throw new Error(`${adminPage.name}: ${errors.join("; ")}`);
    return { lcpMs, cls: cumulativeLayoutShift(record), inpMs: interactionLatency(record, since) ?? 0 };
  } finally {
    await context.close();
  }
}

export async function measureAdminVitals(): Promise<BenchmarkResult> {
  const demo = await startBenchDemo("admin-vitals", FIRST_PORT, { appServer: "build" });
  // Imported after the demo has configured the app (db.server connects on import).
  const { createDb } = await import("../app/db.server");
  const db = createDb(demo.databaseUrl);
  let browser: Browser | undefined;
  try {
    const member = await db.loyaltyMember.findFirstOrThrow({ where: { shop: DEMO_SHOP_DOMAIN }, orderBy: { lifetimeEarned: "desc" } });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const adminUrl = demo.urls.admin.replace("localhost", "127.0.0.1");
    const pages = selectedPages(adminPages(member.id));
    // Each document once over HTTP first: the measured loads meet a warmed-up server (modules
    // loaded, JIT, SQLite pages cached), while the browser's cache stays cold.
    for (const adminPage of pages) await (await fetch(`${adminUrl}${adminPage.path}`)).text();
    const measurements: Measurement[] = [];
    // A page that fails is a failed row: the others are still measured.
    for (const adminPage of pages) {
      try {
        const loads: Vitals[] = [];
        for (let run = 0; run < RUNS; run++) loads.push(await measureLoad(browser, adminUrl, adminPage, run));
        measurements.push(vitalsRow(adminPage, loads));
      } catch (error) {
        // The first line, and Playwright's "waiting for <locator>" that names what never came.
        const lines = (error as Error).message.split("\n");
        const waited = stripVTControlCharacters(lines.find((line) => line.includes("waiting for")) ?? "").trim();
        measurements.push({ name: rowName(adminPage), value: `error: ${[lines[0], waited].filter(Boolean).join(" ")}`, pass: false });
      }
    }
    return {
      id: "admin-vitals",
      title: "Admin Web Vitals",
      method:
        `Every admin page of the production build (\`npm run build\`, served by \`npm start\`'s server with compression; the server runs with NODE_ENV=development because the standalone demo admin is refused in production, so it renders with React's development server build) ` +
        `on the demo's seeded data (60 days of orders, reviews, emails, loyalty members), in headless Debian Chromium (playwright-core) at ${VIEWPORT.width}×${VIEWPORT.height}, no CPU or network throttling, a fresh browser context (cold cache) per page. ` +
        `LCP: the last largest-contentful-paint entry before any input; CLS: the largest 1 s/5 s session window of layout-shift entries without recent input, over the load and the interaction (web-vitals' definition); ` +
        `INP: one click on the page's main action (the pointer moved onto it first, as a user's is, and not measured), the longest duration among that interaction's Event Timing entries (PerformanceObserver "event" with durationThreshold ${EVENT_THRESHOLD_MS} plus "first-input"), "< ${EVENT_THRESHOLD_MS} ms" when Chromium reported none. ` +
        `Each page loaded ${RUNS} times (each time with its click), the median of each metric reported and held to the budget; ✗ marks the metric that missed.`,
      measurements,
      notes: [
        `Admin Web Vitals: the 1-minute load average was ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores when the pages were done; Chromium, the app server and the worker share those cores, so contention adds to every figure.`,
      ],
    };
  } finally {
    await browser?.close();
    await db.$disconnect();
    await demo.stop();
  }
}

/** BENCH_PAGES="Rewards,VIP tiers" measures only those pages (by name), for a quick before/after. */
function selectedPages(pages: AdminPage[]): AdminPage[] {
  const names = process.env.BENCH_PAGES?.split(",").map((name) => name.trim());
  if (!names) return pages;
  const unknown = names.filter((name) => !pages.some((page) => page.name === name));
  if (unknown.length) throw new Error(`BENCH_PAGES: no admin page named ${unknown.join(", ")}`);
  return pages.filter((page) => names.includes(page.name));
}

function vitalsRow(page: AdminPage, loads: Vitals[]): Measurement {
  const lcpMs = median(loads.map((load) => load.lcpMs));
  const cls = median(loads.map((load) => load.cls));
  const inpMs = median(loads.map((load) => load.inpMs));
  const pass = lcpMs <= BUDGET.lcpMs && cls <= BUDGET.cls && inpMs <= BUDGET.inpMs;
  const flag = (ok: boolean) => (ok ? "" : " ✗");
  const inp = (ms: number) => (ms < EVENT_THRESHOLD_MS ? `< ${EVENT_THRESHOLD_MS}` : ms.toFixed(0));
  return {
    name: rowName(page),
    value:
      `LCP ${lcpMs.toFixed(0)} ms${flag(lcpMs <= BUDGET.lcpMs)}, CLS ${cls.toFixed(3)}${flag(cls <= BUDGET.cls)}, ` +
      `INP ${inp(inpMs)} ms${flag(inpMs <= BUDGET.inpMs)} ` +
      `(runs: LCP ${loads.map((load) => load.lcpMs.toFixed(0)).join("/")}, INP ${loads.map((load) => inp(load.inpMs)).join("/")})`,
    budget: `LCP ≤ ${BUDGET.lcpMs} ms, CLS ≤ ${BUDGET.cls}, INP ≤ ${BUDGET.inpMs} ms`,
    pass,
  };
}

const rowName = (page: AdminPage) => `${page.name} (/app${page.path.replace(/members\/[^/]+$/, "members/:id")}; click: ${page.action})`;
