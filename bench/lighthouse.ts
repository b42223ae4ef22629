// Lighthouse on the demo's product page with every app block and embed, against the same page
// rendered with the theme alone (`?app_blocks=none`, see scripts/storefront/server.ts).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { startBenchDemo } from "./demo";
import { DEMO_SHOP_DOMAIN } from "../scripts/simulator/demo-store";
import { BENCH_PORT_OFFSET } from "./app-server";
import { median, type BenchmarkResult, type Measurement } from "./report";

/** The demo's five ports (app, simulator, storefront, mail viewer, SMTP). */
const FIRST_PORT = 3640 + BENCH_PORT_OFFSET;
const RUNS = 5;
/** Milliseconds the blocks may add to the medians of first and largest contentful paint. */
const PAINT_BUDGET_MS = 50;
const CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu"];
const DEMO_REVIEWS = [
  { rating: 5, title: "Lovely soap", body: "Gentle on the skin and the scent lasts. Will buy again." },
  { rating: 4, title: "Good value", body: "Lathers well, a little small for the price." },
  { rating: 5, title: "", body: "My second bar already, my whole family uses it." },
  { rating: 3, title: "Fine", body: "Nice soap, but it arrived a bit crushed." },
];

interface Audit {
  score: number; // 0-100
  cls: number;
  /** Milliseconds of the metrics the score is made of, by audit id. */
  metrics: Record<string, number>;
  /** The app's assets Lighthouse found render-blocking: file name and its estimate of the delay. */
  renderBlocking: { file: string; wastedMs: number }[];
  /** Main-thread tasks Lighthouse lists as long (its "long-tasks" diagnostic): where TBT comes from. */
  longTasks: { source: string; durationMs: number }[];
  lighthouseVersion: string;
}

/** The metrics the performance score weighs (besides CLS), by Lighthouse audit id. */
const METRICS: Record<string, string> = {
  "first-contentful-paint": "FCP",
  "largest-contentful-paint": "LCP",
  "speed-index": "SI",
  "total-blocking-time": "TBT",
};

async function audit(url: string): Promise<Audit> {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
  try {
    const result = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], logLevel: "error", output: "json" });
    const lhr = result?.lhr;
    if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr?.runtimeError?.message ?? "no result"}`);
    const score = lhr.categories.performance?.score;
    const cls = lhr.audits["cumulative-layout-shift"]?.numericValue;
    if (typeof score !== "number" || typeof cls !== "number") throw new Error(`Lighthouse returned no performance score or CLS for ${url}`);
    const metrics = Object.fromEntries(Object.keys(METRICS).map((id) => [id, lhr.audits[id]?.numericValue ?? Number.NaN]));
    const blocking = (lhr.audits["render-blocking-resources"]?.details ?? {}) as { items?: { url?: string; wastedMs?: number }[] };
    const renderBlocking = (blocking.items ?? [])
      .filter((item) => item.url?.includes("/extension-assets/"))
      .map((item) => ({ file: item.url!.split("/").pop()!, wastedMs: item.wastedMs ?? 0 }));
    const long = (lhr.audits["long-tasks"]?.details ?? {}) as { items?: { url?: string; duration?: number }[] };
    const longTasks = (long.items ?? []).map((item) => ({
      source: item.url?.split("/").pop() || "(page)",
      durationMs: Math.round(item.duration ?? 0),
    }));
    return { score: score * 100, cls, metrics, renderBlocking, longTasks, lighthouseVersion: lhr.lighthouseVersion };
  } finally {
    chrome.kill();
  }
}

export async function measureLighthouse(): Promise<BenchmarkResult> {
  const demo = await startBenchDemo("lighthouse", FIRST_PORT);
  // Imported after the demo has configured the app (db.server connects on import).
  const { createDb } = await import("../app/db.server");
  const db = createDb(demo.databaseUrl);
  try {
    // Published reviews, so the product page carries everything a merchant's would: stars,
    // the reviews block with its latest reviews and JSON-LD, "earn points" and the shipping bar.
    const product = demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!.products[0]!;
    const { enqueueProductSync } = await import("../app/reviews/sync-product.server");
    for (const [index, review] of DEMO_REVIEWS.entries()) {
      await db.review.create({
        data: {
          ...review,
          shop: DEMO_SHOP_DOMAIN,
          productId: product.id,
          authorName: `Shopper ${index + 1}`,
          status: "published",
          publishedAt: new Date(),
          verified: true,
          verifiedBy: "review_link",
          source: "request_email",
          contentHash: `bench-lighthouse-${index}`,
        },
      });
    }
    await enqueueProductSync(db, DEMO_SHOP_DOMAIN, product.id);
    const pageUrl = `${demo.urls.storefront}/products/${product.handle}`;
    await waitForBlocks(db, pageUrl);

    const withBlocks: Audit[] = [];
    const without: Audit[] = [];
    for (let run = 0; run < RUNS; run++) {
      withBlocks.push(await audit(pageUrl));
      without.push(await audit(`${pageUrl}?app_blocks=none`));
    }
    const medianOf = (audits: Audit[], pick: (audit: Audit) => number) => median(audits.map(pick));
    const metricMedians = (audits: Audit[]) =>
      Object.entries(METRICS)
        .map(([id, name]) => `${name} ${Math.round(medianOf(audits, (a) => a.metrics[id]!))} ms`)
        .join(", ");
    const scoreDelta = medianOf(withBlocks, (a) => a.score) - medianOf(without, (a) => a.score);
    const clsDelta = Number(medianOf(withBlocks, (a) => a.cls).toFixed(2)) - Number(medianOf(without, (a) => a.cls).toFixed(2));
    const metricDelta = (id: string) => medianOf(withBlocks, (a) => a.metrics[id]!) - medianOf(without, (a) => a.metrics[id]!);
    const signed = (value: number, digits = 0) => `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(digits)}`;
    const runs = (audits: Audit[], pick: (audit: Audit) => string) => audits.map(pick).join(", ");
    const paintDelta = (id: string, name: string): Measurement => {
      const delta = metricDelta(id);
      const perRun = (audits: Audit[]) => runs(audits, (a) => Math.round(a.metrics[id]!).toString());
      return {
        name: `${name} difference (runs with: ${perRun(withBlocks)}; without: ${perRun(without)})`,
        value: `${signed(delta)} ms`,
        budget: `≤ +${PAINT_BUDGET_MS} ms`,
        pass: delta <= PAINT_BUDGET_MS,
      };
    };
    const tbtDelta = metricDelta("total-blocking-time");
    return {
      id: "lighthouse",
      title: "Lighthouse, demo product page",
      method:
        `Lighthouse ${withBlocks[0]!.lighthouseVersion} (performance category, default mobile settings with simulated throttling) in Debian Chromium (${CHROME_FLAGS.join(" ")}), a fresh browser per run, on the demo's /products/${product.handle} with every app block and embed (star rating, product reviews with ${DEMO_REVIEWS.length} published reviews, earn points, loyalty badge, free-shipping bar) ` +
        `and on the same URL with ?app_blocks=none (the storefront preview renders the theme alone); ${RUNS} runs each, alternating, medians compared.`,
      measurements: [
        {
          name: "score with the app's blocks",
          value: `${medianOf(withBlocks, (a) => a.score).toFixed(0)} (runs: ${runs(withBlocks, (x) => x.score.toFixed(0))})`,
        },
        {
          name: "score without",
          value: `${medianOf(without, (a) => a.score).toFixed(0)} (runs: ${runs(without, (x) => x.score.toFixed(0))})`,
        },
        { name: "score difference", value: signed(scoreDelta), budget: "≥ −0", pass: scoreDelta >= 0 },
        { name: "metrics with the app's blocks (medians)", value: metricMedians(withBlocks) },
        { name: "metrics without (medians)", value: metricMedians(without) },
        paintDelta("first-contentful-paint", "FCP"),
        paintDelta("largest-contentful-paint", "LCP"),
        {
          name: `TBT difference (runs with: ${runs(withBlocks, (a) => Math.round(a.metrics["total-blocking-time"]!).toString())}; without: ${runs(without, (a) => Math.round(a.metrics["total-blocking-time"]!).toString())})`,
          value: `${signed(tbtDelta)} ms`,
          budget: "+0 ms",
          pass: tbtDelta <= 0,
        },
        {
          name: "long tasks with the app's blocks (Lighthouse's list, simulated throttling, per run)",
          value: runs(withBlocks, (a) =>
            a.longTasks.length ? a.longTasks.map((task) => `${task.source} ${task.durationMs} ms`).join(" + ") : "none",
          ),
        },
        { name: "app assets Lighthouse calls render-blocking", value: renderBlockingSummary(withBlocks) },
        {
          name: "CLS with the app's blocks",
          value: `${medianOf(withBlocks, (a) => a.cls).toFixed(3)} (runs: ${runs(withBlocks, (x) => x.cls.toFixed(3))})`,
        },
        { name: "CLS without", value: `${medianOf(without, (a) => a.cls).toFixed(3)} (runs: ${runs(without, (x) => x.cls.toFixed(3))})` },
        { name: "CLS difference", value: signed(clsDelta, 2), budget: "+0.00", pass: clsDelta <= 0 },
      ],
    };
  } finally {
    await db.$disconnect();
    await demo.stop();
  }
}

/** Each render-blocking app file with the median of Lighthouse's estimated delay over the runs. */
function renderBlockingSummary(audits: Audit[]): string {
  const files = [...new Set(audits.flatMap((a) => a.renderBlocking.map((item) => item.file)))].sort();
  if (files.length === 0) return "none";
  return files
    .map(
      (file) => `${file} (${Math.round(median(audits.map((a) => a.renderBlocking.find((item) => item.file === file)?.wastedMs ?? 0)))} ms)`,
    )
    .join(", ");
}

/** The worker has written the metafields the blocks render from (reviews, loyalty programme, thresholds). */
async function waitForBlocks(db: import("../app/db.server").Db, pageUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const due = await db.job.count({ where: { status: { in: ["queued", "running"] }, runAt: { lte: new Date() } } });
    const html = await (await fetch(pageUrl)).text();
    const rendered = ["rw-star-rating", "<product-reviews", "<free-shipping-bar"].every((marker) => html.includes(marker));
    if (due === 0 && rendered) return;
    if (Date.now() > deadline) throw new Error(`The demo product page did not show every block within 60 s (${due} jobs due)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
