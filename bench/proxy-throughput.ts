// The storefront's "more reviews" request (GET /apps/retention/reviews, signed like Shopify's
// app proxy) against a product with 100k published reviews, compared in the same run with a
// bare route of the same server under the same load.
import autocannon, { type Result } from "autocannon";
import { appProxyUrl } from "../scripts/simulator/app-proxy";
import { createTestDatabase } from "../tests/support/test-database";
import { appEnv, BENCH_API_SECRET, startBuiltApp } from "./app-server";
import { median, milliseconds, perSecond, type BenchmarkResult } from "./report";
import { insertRows } from "./seed";

const SHOP = "bench-reviews.myshopify.com";
const PRODUCT_NUMBER = "1001";
const REVIEW_COUNT = 100_000;
const PRODUCT_ID = `gid://shopify/Product/${PRODUCT_NUMBER}`;
// Each round loads the three requests back to back, in an order that rotates from round to
// round, and the ratios are the median of the rounds' own ratios: a drift of the machine (JIT,
// heap, a neighbour's load) falls within one round on all three alike, and a round it upset is
// outvoted, rather than skewing totals over all rounds.
const LOAD = { connections: 10, seconds: 3, rounds: 7 };
const WARM_UP_SECONDS = 3;
const RATIO_BUDGET = 0.8; // reviews page 1 ÷ bare route
const DEEP_PAGE = 500;
const DEEP_RATIO_BUDGET = 0.9; // page 500 ÷ page 1

type Db = import("../app/db.server").Db;
type ReviewsPage = { nextCursor?: string | null; reviews?: { id: string }[] };

function seedReviews(db: Db): Promise<void> {
  const start = Date.parse("2024-01-01T00:00:00Z");
  return insertRows(db, "Review", REVIEW_COUNT, (n) => {
    const createdAt = new Date(start + n * 60_000);
    return {
      id: `bench-review-${n}`,
      shop: SHOP,
      productId: PRODUCT_ID,
      rating: 1 + ((n * 7) % 5),
      title: `Review ${n}`,
      body: `Benchmark review number ${n}: comfortable, true to size, would buy again.`,
      authorName: `Shopper ${n}`,
      locale: "en",
      verified: n % 3 === 0,
      status: "published",
      source: "storefront",
      contentHash: `bench-${n}`,
      createdAt,
      publishedAt: createdAt,
      updatedAt: createdAt,
    };
  });
}

/** The endpoint's query alone, in this process: where the request's time goes. */
async function queryMilliseconds(db: Db): Promise<number> {
  const { publishedReviewsPage, SHOPPER_PAGE_SIZE_MAX } = await import("../app/reviews/storefront-reviews.server");
  const times: number[] = [];
  for (let run = 0; run < 25; run++) {
    const started = performance.now();
    await publishedReviewsPage(db, SHOP, PRODUCT_ID, { sort: "newest", pageSize: SHOPPER_PAGE_SIZE_MAX });
    if (run >= 5) times.push(performance.now() - started);
  }
  return median(times);
}

async function load(url: string, duration: number) {
  const result = await autocannon({ url, connections: LOAD.connections, duration });
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`);
  }
  return result;
}

function summary(runs: Result[]) {
  const requests = runs.reduce((sum, run) => sum + run.requests.total, 0);
  const seconds = runs.reduce((sum, run) => sum + run.duration, 0);
  return {
    perSecond: requests / seconds,
    rounds: runs.map((run) => Math.round(run.requests.total / run.duration)).join(", "),
    p50: median(runs.map((run) => run.latency.p50)),
    p99: median(runs.map((run) => run.latency.p99)),
  };
}

/** Both databases the app runs on: SQLite reads on the server's own thread, PostgreSQL in its own processes. */
const DATABASES = [
  { name: "SQLite", baseUrl: "file:" },
  { name: "PostgreSQL", baseUrl: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test" },
] as const;

export async function measureProxyThroughput(): Promise<BenchmarkResult> {
  const runs: DatabaseRun[] = [];
  for (const database of DATABASES) runs.push(await measureOn(database.name, database.baseUrl));
  return {
    id: "proxy-throughput",
    title: "App-proxy reviews throughput",
    method:
      `${REVIEW_COUNT.toLocaleString("en-US")} published text-only reviews of one product (a page with photo reviews makes one more query for their photos; seeded in ${runs.map((run) => `${run.seedSeconds.toFixed(0)} s on ${run.database}`).join(", ")}; PostgreSQL's statistics gathered after seeding, as autovacuum would), the production build (NODE_ENV=production) served by scripts/serve.ts (\`npm start\`), and autocannon with ${LOAD.connections} connections, ${LOAD.rounds} rounds after a ${WARM_UP_SECONDS} s warm-up of each route, each round loading the three routes for ${LOAD.seconds} s back to back in an order rotating from round to round; the ratios are the median of the rounds' own ratios (requests/s shown over all rounds, latency the median of the rounds'), in the same run: ` +
      `a signed app-proxy GET /proxy/reviews?product_id=… (signature checked, the first page of ${runs[0]!.pageSize} newest reviews and the cursor of the next), the same request for page ${DEEP_PAGE} (its cursor reached by walking "More reviews" from page 1) and the bare route GET /healthz, which runs SELECT 1 on the database. ` +
      `Once on SQLite and once on PostgreSQL, each with a server of its own.`,
    measurements: runs.flatMap((run) => run.measurements),
  };
}

interface DatabaseRun {
  database: string;
  seedSeconds: number;
  pageSize: number;
  measurements: BenchmarkResult["measurements"];
}

async function measureOn(databaseName: string, baseUrl: string): Promise<DatabaseRun> {
  const database = await createTestDatabase(baseUrl);
  process.env.DATABASE_URL = database.url;
  const { createDb, dbProvider } = await import("../app/db.server");
  const db = createDb(database.url);
  let app: Awaited<ReturnType<typeof startBuiltApp>> | undefined;
  try {
    const seedStarted = Date.now();
    await seedReviews(db);
    if (dbProvider(db) === "postgresql") await db.$executeRaw`ANALYZE "Review"`;
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const queryMs = await queryMilliseconds(db);
    app = await startBuiltApp(appEnv({ databaseUrl: database.url }));

    // Signed afresh for each round (a signature is good for 90 s); within a round one URL is
    // repeated, as a shopper's browser repeats one request.
    const reviewsUrl = (cursor?: string) =>
      appProxyUrl(`${app!.url}/proxy`, `/reviews?product_id=${PRODUCT_NUMBER}${cursor ? `&cursor=${cursor}` : ""}`, {
        shop: SHOP,
        pathPrefix: "/apps/retention",
        secret: BENCH_API_SECRET,
      });
    const bareUrl = `${app.url}/healthz`;
    const fetchPage = async (cursor?: string) => (await (await fetch(reviewsUrl(cursor))).json()) as ReviewsPage;
    const first = await fetchPage();
    if (!first.nextCursor || !first.reviews?.length)
      throw new Error(`The reviews endpoint answered ${JSON.stringify(first).slice(0, 200)}`);
    // Page 500 is reached as a shopper would: "More reviews" 499 times, each request with the cursor the last one gave.
    let deepCursor = first.nextCursor;
    for (let page = 2; page < DEEP_PAGE; page++) {
      const next = await fetchPage(deepCursor);
      if (!next.nextCursor) throw new Error(`The cursor walk ended at page ${page} of ${DEEP_PAGE}`);
      deepCursor = next.nextCursor;
    }
    const deep = await fetchPage(deepCursor);
    const deepIndex = REVIEW_COUNT - (DEEP_PAGE - 1) * first.reviews.length;
    if (deep.reviews?.[0]?.id !== `bench-review-${deepIndex - 1}`) {
      throw new Error(`Page ${DEEP_PAGE} starts at ${deep.reviews?.[0]?.id}, not bench-review-${deepIndex - 1}`);
    }

    await load(bareUrl, WARM_UP_SECONDS);
    await load(reviewsUrl(), WARM_UP_SECONDS);
    await load(reviewsUrl(deepCursor), WARM_UP_SECONDS);
    const rounds: Record<"bare" | "reviews" | "deep", Result>[] = [];
    const routes = [
      ["bare", () => bareUrl],
      ["reviews", () => reviewsUrl()],
      ["deep", () => reviewsUrl(deepCursor)],
    ] as const;
    for (let round = 0; round < LOAD.rounds; round++) {
      const results: Partial<Record<"bare" | "reviews" | "deep", Result>> = {};
      for (let n = 0; n < routes.length; n++) {
        const [name, url] = routes[(round + n) % routes.length]!;
        results[name] = await load(url(), LOAD.seconds);
      }
      rounds.push(results as Record<"bare" | "reviews" | "deep", Result>);
    }
    const bare = summary(rounds.map((round) => round.bare));
    const reviews = summary(rounds.map((round) => round.reviews));
    const deepPage = summary(rounds.map((round) => round.deep));
    const rate = (result: Result) => result.requests.total / result.duration;
    const ratios = rounds.map((round) => rate(round.reviews) / rate(round.bare));
    const deepRatios = rounds.map((round) => rate(round.deep) / rate(round.reviews));
    const ratio = median(ratios);
    const deepRatio = median(deepRatios);
    const listed = (values: number[]) => values.map((value) => value.toFixed(2)).join(", ");
    const named = (name: string) => `${databaseName}: ${name}`;
    return {
      database: databaseName,
      seedSeconds,
      pageSize: first.reviews.length,
      measurements: [
        { name: named("GET /healthz (bare route)"), value: `${perSecond(bare.perSecond, "req")} (rounds: ${bare.rounds})` },
        { name: named("GET /healthz p50 / p99"), value: `${milliseconds(bare.p50)} / ${milliseconds(bare.p99)}` },
        { name: named("GET reviews via app proxy, page 1"), value: `${perSecond(reviews.perSecond, "req")} (rounds: ${reviews.rounds})` },
        { name: named("GET reviews page 1 p50 / p99"), value: `${milliseconds(reviews.p50)} / ${milliseconds(reviews.p99)}` },
        {
          name: named(`GET reviews via app proxy, page ${DEEP_PAGE}`),
          value: `${perSecond(deepPage.perSecond, "req")} (rounds: ${deepPage.rounds})`,
        },
        { name: named(`GET reviews page ${DEEP_PAGE} p50 / p99`), value: `${milliseconds(deepPage.p50)} / ${milliseconds(deepPage.p99)}` },
        { name: named("publishedReviewsPage alone, in process (median)"), value: milliseconds(queryMs) },
        {
          name: named("reviews page 1 ÷ bare route"),
          value: `${ratio.toFixed(2)} (rounds: ${listed(ratios)})`,
          budget: `≥ ${RATIO_BUDGET}`,
          pass: ratio >= RATIO_BUDGET,
        },
        {
          name: named(`reviews page ${DEEP_PAGE} ÷ page 1`),
          value: `${deepRatio.toFixed(2)} (rounds: ${listed(deepRatios)})`,
          budget: `≥ ${DEEP_RATIO_BUDGET}`,
          pass: deepRatio >= DEEP_RATIO_BUDGET,
        },
      ],
    };
  } finally {
    await app?.stop();
    await db.$disconnect();
    await database.drop();
  }
}
