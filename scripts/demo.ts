// `npm run demo`: the whole app on one machine with no Shopify account and no internet.
// A fresh SQLite database, the Shopify simulator with a seeded shop, the storefront
// preview, a mail sink, the Remix app (Vite dev server) and an in-process job worker.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { EmailFlow, EmailTemplateKind } from "@prisma/client";
import { fileURLToPath } from "node:url";
import { startSimulator } from "./simulator/server";
import { storeOfflineSession } from "./simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "./simulator/demo-store";
import { devAppProxy } from "./simulator/app-proxy";
import { startStorefront, type Storefront } from "./storefront/server";
import { startMailSink } from "./mail-sink/server";
import { applyMigrations, sqlitePath } from "../app/db/migrate.server";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Five consecutive ports from `firstPort` (app, simulator, storefront, mail viewer, SMTP), for a demo beside others (tests, benchmarks). */
export function demoPorts(
  firstPort: number,
): Required<Pick<DemoOptions, "appPort" | "simulatorPort" | "storefrontPort" | "mailViewerPort" | "smtpPort">> {
  return {
    appPort: firstPort,
    simulatorPort: firstPort + 1,
    storefrontPort: firstPort + 2,
    mailViewerPort: firstPort + 3,
    smtpPort: firstPort + 4,
  };
}

export interface DemoOptions {
  appPort?: number;
  simulatorPort?: number;
  storefrontPort?: number;
  mailViewerPort?: number;
  smtpPort?: number;
  databaseUrl?: string;
  /**
   * "vite-dev" (the default) serves the app from source with hot reload; "build" serves the output
   * of `npm run build` through `npm start`'s server (scripts/serve.ts), for measuring what merchants load.
   */
  appServer?: "vite-dev" | "build";
  log?: (line: string) => void;
}

export interface Demo {
  urls: { admin: string; storefront: string; simulator: string; mail: string; rewards: string };
  databaseUrl: string;
  simulator: Awaited<ReturnType<typeof startSimulator>>;
  /** The storefront preview; its `placements` are the theme editor's block settings. */
  storefront: Storefront;
  stop(): Promise<void>;
}

const DEMO_API_KEY = "demo-api-key";
// Not a secret: it only signs traffic between local processes of the demo.
const DEMO_API_SECRET = "demo-api-secret-local-only";
const DEMO_MAIL_FROM = "notifications@retention.local";
/** Email settings for the demo shop: no waiting (the defaults are an hour, a week, two weeks). */
const DEMO_EMAIL_TIMING = {
  thankYouDelayMinutes: 0,
  reviewRequestDelayDays: 0,
  reviewRequestFallbackDays: 1, // the carrier's delivery event is the trigger; fulfilment alone waits a day
  reviewReminders: 1,
  reviewReminderIntervalDays: 1,
};
/** The demo shop's loyalty programme: switched on, with two rewards and two tiers (shop currency: USD). */
const DEMO_LOYALTY = {
  pendingDays: 14, // the default returns window: order points become spendable two weeks after payment
  rewards: [
    { name: "$5 off your order", kind: "amount_off", value: "5", pointsCost: "100", minimumOrder: "", enabled: "true" },
    { name: "Free shipping", kind: "free_shipping", value: "", pointsCost: "250", minimumOrder: "", enabled: "true" },
  ],
  tiers: [
    { name: "Silver", threshold: "500", multiplierPercent: "100" },
    { name: "Gold", threshold: "1500", multiplierPercent: "125" },
  ],
};

/** A port the demo needs is taken (another demo, or another program): said before anything is wiped. */
export class PortInUseError extends Error {}

/** Refuses to start when any of the demo's ports is taken, naming the variable that moves it. */
async function checkPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once("error", () => resolve(false))
        .once("listening", () => probe.close(() => resolve(true)))
        .listen(port);
    });
    if (!free)
      throw new PortInUseError(
        `Port ${port} (${variable}) is in use, perhaps by another demo. Stop it, or start this one with ${variable}=<another port>.`,
      );
  }
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? ((line: string) => console.log(line));
  const appPort = options.appPort ?? 3000;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const ports = {
    PORT: appPort,
    SIMULATOR_PORT: options.simulatorPort ?? 3457,
    STOREFRONT_PORT: options.storefrontPort ?? 3458,
    MAIL_VIEWER_PORT: options.mailViewerPort ?? 3459,
    SMTP_PORT: options.smtpPort ?? 2525,
  };
  await checkPortsFree(ports);
  // One file per app port, so two demos side by side keep their own data.
  const databaseUrl = options.databaseUrl ?? `file:./prisma/demo-${appPort}.sqlite`;

  // Every run starts from the seed: the simulator keeps its store in memory, so the app's data must start over with it.
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(sqlitePath(databaseUrl) + suffix, { force: true });
  await applyMigrations(databaseUrl, { log });

  const mail = await startMailSink({ smtpPort: ports.SMTP_PORT, viewerPort: ports.MAIL_VIEWER_PORT });
  // Set once the app's modules are loaded (below): what OAuth does when the merchant opens the app.
  let completeInstall: (shop: string, accessToken: string) => Promise<void> = async () => {};
  const simulator = await startSimulator({
    port: ports.SIMULATOR_PORT,
    appUrl,
    apiKey: DEMO_API_KEY,
    apiSecret: DEMO_API_SECRET,
    onAppReinstalled: (shop) => completeInstall(shop.domain, shop.accessToken),
  });
  const storefront = await startStorefront({
    port: ports.STOREFRONT_PORT,
    state: simulator.state,
    shopDomain: DEMO_SHOP_DOMAIN,
    appProxy: devAppProxy(appUrl), // shopify.app.toml [app_proxy], on this app server as `shopify app dev` does
    apiSecret: DEMO_API_SECRET,
    apiKey: DEMO_API_KEY,
  });
  // Links in emails (review requests) point at the shop's primary domain, which the app reads
  // in shop.sync: here it is the storefront preview, so they open there.
  const demoShop = simulator.state.shops.get(DEMO_SHOP_DOMAIN);
  if (!demoShop) throw new Error(`The simulator has no ${DEMO_SHOP_DOMAIN}`);
  demoShop.primaryDomainUrl = storefront.url;

  const appEnv = {
    NODE_ENV: "development" as const,
    SHOPIFY_API_KEY: DEMO_API_KEY,
    SHOPIFY_API_SECRET: DEMO_API_SECRET,
    SHOPIFY_APP_URL: `http://localhost:${appPort}`,
    DATABASE_URL: databaseUrl,
    SHOPIFY_ADMIN_API_ORIGIN: simulator.url,
    DEMO_SHOP: DEMO_SHOP_DOMAIN,
    SMTP_URL: mail.smtpUrl,
    MAIL_FROM: DEMO_MAIL_FROM,
  };
  Object.assign(process.env, appEnv);

  // The app modules read their configuration on import, so they load after it is set.
  const db = (await import("../app/db.server")).default;
  const shopify = await import("../app/shopify.server");
  const { handlers } = await import("../app/jobs/handlers.server");
  const { runWorker } = await import("../app/jobs/worker.server");
  const { enqueue } = await import("../app/jobs/queue.server");
  const { DEFAULT_EMAIL_SETTINGS, saveEmailSettings } = await import("../app/emails/email-settings.server");
  const { EmailSettingsInput } = await import("../app/emails/email-settings-form");
  const { DEFAULT_LOYALTY_SETTINGS, saveLoyaltySettings } = await import("../app/loyalty/loyalty-settings.server");
  const { LoyaltySettingsInput } = await import("../app/loyalty/loyalty-settings-form");
  const { createReward, createTier } = await import("../app/loyalty/catalogue.server");
  const { SYNC_PROGRAM_JOB } = await import("../app/loyalty/jobs.server");
  const { seedDemoFreeShipping } = await import("../app/shipping/settings.server");

  // The emails go at once instead of hours or days later, so the demo shows them straight away.
  await saveEmailSettings(db, DEMO_SHOP_DOMAIN, EmailSettingsInput.parse({ ...DEFAULT_EMAIL_SETTINGS, ...DEMO_EMAIL_TIMING }));
  log(
    `Demo email timing: thank-you emails as soon as an order is paid, review requests as soon as it is delivered (a day after fulfilment when no delivery is reported), one reminder a day later.`,
  );
  log(`Emails are sent from ${DEMO_MAIL_FROM} to the mail sink; review links open the storefront preview (${storefront.url}).`);

  // The offline session OAuth would store, and the shop sync its afterAuth hook starts; again on
  // every reinstall from the simulator's control page.
  completeInstall = async (shop, accessToken) => {
    await storeOfflineSession(shopify.sessionStorage, { shop, accessToken });
    await enqueue(db, { shop, type: "shop.sync", payload: {} });
  };
  await completeInstall(DEMO_SHOP_DOMAIN, DEMO_ACCESS_TOKEN);

  // Loyalty: the programme on, rewards and tiers as a merchant would set them up in the admin.
  const rewardsUrl = `${storefront.url}/pages/rewards`;
  await saveLoyaltySettings(
    db,
    DEMO_SHOP_DOMAIN,
    LoyaltySettingsInput.parse({ ...DEFAULT_LOYALTY_SETTINGS, enabled: true, pendingDays: DEMO_LOYALTY.pendingDays }),
  );
  for (const reward of DEMO_LOYALTY.rewards) {
    const created = await createReward(db, DEMO_SHOP_DOMAIN, reward);
    if (!created.ok) throw new Error(`Demo reward ${reward.name}: ${created.message} ${JSON.stringify(created.errors)}`);
  }
  for (const tier of DEMO_LOYALTY.tiers) {
    const created = await createTier(db, DEMO_SHOP_DOMAIN, tier, new Date());
    if (!created.ok) throw new Error(`Demo tier ${tier.name}: ${created.message} ${JSON.stringify(created.errors)}`);
  }
  // The storefront reads the programme from the shop metafield the worker writes.
  await enqueue(db, { shop: DEMO_SHOP_DOMAIN, type: SYNC_PROGRAM_JOB, payload: {} });
  log(
    `Demo loyalty programme: on, 1 point per dollar, points spendable ${DEMO_LOYALTY.pendingDays} days after payment; rewards ${DEMO_LOYALTY.rewards.map((r) => `${r.name} (${r.pointsCost} points)`).join(", ")}; tiers ${DEMO_LOYALTY.tiers.map((t) => `${t.name} from ${t.threshold} points${t.multiplierPercent === "100" ? "" : ` (×${Number(t.multiplierPercent) / 100})`}`).join(", ")}. Rewards page: ${rewardsUrl}`,
  );

  // Free shipping: the demo thresholds; the sync job writes the shop metafield the storefront's
  // free-shipping bar reads and the automatic free-shipping discounts checkout applies.
  await seedDemoFreeShipping(db, DEMO_SHOP_DOMAIN);
  log(
    `Demo free shipping: over $75.00 (USD), over €60.00 for Europe (GR, DE, FR, IT, ES) paying in euros, none to Australia. Pick a country on the storefront preview to see the bar change.`,
  );

  const workerControl = new AbortController();
  const worker = runWorker({ db, handlers, adminFor: shopify.adminFor, signal: workerControl.signal, pollMs: 500 });

  // The dashboard: two months of history, once shop.sync has recorded the shop's time zone (its days are the shop's).
  await waitForShopRow(db, DEMO_SHOP_DOMAIN);
  const historyProducts = ["cotton-beach-towel", "scented-candle", "leather-sandals"].map((handle) => {
    const { id, title } = demoShop.products.find((product) => product.handle === handle)!;
    return { id, title };
  });
  const history = await seedDashboardHistory(db, DEMO_SHOP_DOMAIN, historyProducts, new Date());
  log(
    `Demo dashboard: ${history.orders} past orders, ${history.reviews} reviews and ${history.emails} emails over the last ${DASHBOARD_HISTORY_DAYS} days from ${history.customers} earlier customers, rolled up into daily figures.`,
  );

  // The build's server keeps NODE_ENV=development: DEMO_SHOP (the admin without OAuth) is refused in production.
  const [command, args]: [string, string[]] =
    options.appServer === "build"
      ? ["tsx", ["scripts/serve.ts"]]
      : ["remix", ["vite:dev", "--host", "127.0.0.1", "--port", String(appPort), "--strictPort"]];
  const app = spawn(path.join(ROOT, "node_modules/.bin", command), args, {
    cwd: ROOT,
    env: { ...process.env, ...appEnv, PORT: String(appPort), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const appOutput: string[] = [];
  for (const stream of [app.stdout!, app.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      const text = chunk.toString().trimEnd();
      appOutput.push(text);
      log(`[app] ${text}`);
    });
  }
  const stop = async () => {
    workerControl.abort();
    await worker;
    app.kill("SIGTERM");
    await Promise.all([storefront.close(), simulator.close(), mail.close()]);
    await db.$disconnect();
  };
  // An app that never answers is stopped with the rest, so a failed start holds no port.
  await waitForHttp(`${appUrl}/healthz`, app).catch(async (error: Error) => {
    await stop();
    throw new Error(`${error.message}\n${appOutput.slice(-20).join("\n")}`);
  });

  return {
    urls: {
      admin: `http://localhost:${appPort}/app`,
      storefront: storefront.url,
      simulator: simulator.url,
      mail: mail.viewerUrl!,
      rewards: rewardsUrl,
    },
    databaseUrl,
    simulator,
    storefront,
    stop,
  };
}

const DASHBOARD_HISTORY_DAYS = 60;
const DAY_MS = 86_400_000;

async function waitForShopRow(db: import("../app/db.server").Db, shop: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await db.shop.findUnique({ where: { domain: shop } }))) {
    if (Date.now() > deadline) throw new Error(`shop.sync did not record ${shop} within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What two months of a running shop leave in the app's tables: orders (guests of the past, with
 * ids no simulator order has, in the shop currency), the emails and reviews they led to, points,
 * a few reward codes used and unsubscribes; then the real rollup of every day (the import's repair). Deterministic.
 */
async function seedDashboardHistory(db: import("../app/db.server").Db, shop: string, products: { id: string; title: string }[], now: Date) {
  const { findOrCreateMember, postToLedger } = await import("../app/loyalty/ledger.server");
  const { recomputeRollups } = await import("../app/dashboard/rollup.server");
  const { shopTimeZone } = await import("../app/lib/shop-profile.server");
  const { addDays, dayBounds, dayOf } = await import("../app/dashboard/days");
  const { enqueueProductSync } = await import("../app/reviews/sync-product.server");
  const timeZone = await shopTimeZone(db, shop);
  const today = dayOf(now, timeZone);
  let seed = 7;
  const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const counts = { orders: 0, customers: 0, reviews: 0, emails: 0 };
  let orderNumber = 900_000;
  for (let daysAgo = DASHBOARD_HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const ordersToday = 1 + Math.floor(random() * 4);
    for (let index = 0; index < ordersToday; index++) {
      orderNumber += 1;
      // About a third of the orders come from someone who ordered before.
      const returning = counts.customers > 0 && random() < 0.35;
      const customer = returning ? 1 + Math.floor(random() * counts.customers) : ++counts.customers;
      const email = `earlier.customer${customer}@example.com`;
      // Between 09:00 and 17:00 on the shop's clock, on a day before today.
      const processedAt = new Date(
        dayBounds(addDays(today, -daysAgo), timeZone).start.getTime() + (9 + Math.floor(random() * 8)) * 3_600_000,
      );
      const subtotal = (30 + Math.floor(random() * 110)).toFixed(2);
      // One product an order, taken in turn: the one its review (if any) is about.
      const product = products[orderNumber % products.length]!;
      const member = (await findOrCreateMember(db, shop, { customerId: null, email, firstName: `Customer ${customer}` }))!;
      // A returning customer with 100 points spends them on a reward code for this order.
      const redemption =
        member.balance >= 100 && random() < 0.4
          ? await db.loyaltyRedemption.create({
              data: {
                shop,
                memberId: member.id,
                rewardId: "demo-history",
                points: 100,
                code: `REWARD-H${orderNumber}`,
                status: "issued",
                createdAt: processedAt,
              },
            })
          : null;
      if (redemption)
        await postToLedger(db, shop, member.id, processedAt, async () => [
          { kind: "redeem", bucket: "balance", points: -100, idempotencyKey: `redeem:${redemption.id}` },
        ]);
      const orderId = `gid://shopify/Order/${orderNumber}`;
      await db.order.create({
        data: {
          id: orderId,
          shop,
          name: `#H${orderNumber}`,
          email,
          customerFirstName: `Customer ${customer}`,
          currencyCode: "USD",
          presentmentCurrencyCode: "USD",
          totalPrice: subtotal,
          presentmentTotalPrice: subtotal,
          subtotalPrice: subtotal,
          discountCodes: redemption ? [redemption.code] : [],
          shippingCountry: pick(["US", "US", "CA", "GB"]),
          financialStatus: "paid",
          lineItems: [
            {
              lineItemId: `gid://shopify/LineItem/${orderNumber}`,
              productId: product.id,
              variantId: null,
              title: product.title,
              quantity: 1,
              price: subtotal,
            },
          ],
          processedAt,
          paidAt: processedAt,
          fulfilledAt: processedAt,
          deliveredAt: processedAt,
        },
      });
      counts.orders += 1;
      await postToLedger(db, shop, member.id, processedAt, async () => [
        { kind: "earn", bucket: "balance", points: Math.floor(Number(subtotal)), idempotencyKey: `order:${orderId}:earn`, orderId },
      ]);
      const sendAt = new Date(processedAt.getTime() + 3_600_000);
      const requestAt = new Date(processedAt.getTime() + 5 * DAY_MS);
      const emails: { flow: EmailFlow; template: EmailTemplateKind; at: Date }[] = [
        { flow: "thank_you", template: returning ? "thank_you_returning" : "thank_you_first", at: sendAt },
        ...(requestAt < now ? [{ flow: "review_request" as const, template: "review_request" as const, at: requestAt }] : []),
      ];
      for (const mail of emails) {
        const failed = random() < 0.04;
        await db.emailMessage.create({
          data: {
            shop,
            orderId,
            orderName: `#H${orderNumber}`,
            flow: mail.flow,
            idempotencyKey: `${orderId}:${mail.flow}:0`,
            template: mail.template,
            recipient: email,
            locale: "en",
            status: failed ? "failed" : "sent",
            statusReason: failed ? "550 mailbox unavailable" : null,
            scheduledFor: mail.at,
            sendingAt: mail.at,
            sentAt: failed ? null : mail.at,
            createdAt: processedAt,
            updatedAt: mail.at,
          },
        });
        counts.emails += 1;
        if (mail.flow !== "review_request" || failed || random() > 0.45) continue;
        const rating = pick([5, 5, 5, 4, 4, 4, 3, 2]);
        const reviewedAt = new Date(mail.at.getTime() + Math.floor(random() * 2 * DAY_MS));
        if (reviewedAt > now) continue;
        const review = await db.review.create({
          data: {
            shop,
            productId: product.id,
            orderId,
            rating,
            title: rating >= 4 ? "Lovely" : "Not quite",
            body: rating >= 4 ? "Exactly as described, would buy again." : "Arrived later than I hoped.",
            authorName: `Customer ${customer}`,
            authorEmail: email,
            verified: true,
            verifiedBy: "review_link",
            status: "published",
            source: "request_email",
            contentHash: `demo-history-${orderNumber}`,
            createdAt: reviewedAt,
            publishedAt: reviewedAt,
          },
        });
        counts.reviews += 1;
        if (rating <= 2)
          await db.merchantTask.create({
            data: {
              shop,
              kind: "low_rating",
              subjectId: review.id,
              summary: `${rating}★ from Customer ${customer}: “Arrived later than I hoped.”`,
              createdAt: reviewedAt,
            },
          });
      }
      if (random() < 0.05)
        await db.emailSuppression.upsert({
          where: { shop_email: { shop, email } },
          create: { shop, email, reason: "unsubscribed", createdAt: sendAt },
          update: {},
        });
    }
  }
  await recomputeRollups(db, shop, now);
  for (const product of products) await enqueueProductSync(db, shop, product.id);
  return counts;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
  const demo = await startDemo({
    appPort: port("PORT", 3000),
    simulatorPort: port("SIMULATOR_PORT", 3457),
    storefrontPort: port("STOREFRONT_PORT", 3458),
    mailViewerPort: port("MAIL_VIEWER_PORT", 3459),
    smtpPort: port("SMTP_PORT", 2525),
  }).catch((error: unknown) => {
    if (!(error instanceof PortInUseError)) throw error;
    console.error(error.message);
    process.exit(1);
  });
  console.log(`
Demo ready (shop ${DEMO_SHOP_DOMAIN}):
  Admin                ${demo.urls.admin}
  Storefront preview   ${demo.urls.storefront}
  Shopify simulator    ${demo.urls.simulator}   (place orders, fulfil, deliver, refund)
  Mail sink            ${demo.urls.mail}   (every email the app sends)
  Loyalty rewards      ${demo.urls.rewards}   (log in as a customer on the storefront to redeem)
  Customer accounts    ${demo.urls.storefront}/account/rewards   (the Rewards page extension, for the logged-in customer)
  Thank-you page       ${demo.urls.storefront}/checkout/thank-you   (the thank-you block, for the cart as it stands)
  Data                 ${sqlitePath(demo.databaseUrl)}   (started over from the seed at each start)
Emails go at once in the demo: a thank-you when an order is paid, a review request when it
is delivered (its link opens the storefront preview), a reminder a day later.
Loyalty points from an order are pending for 14 days (the returns window), then spendable.
The free-shipping bar sits at the bottom of every storefront page: over $75 in USD, over €60
for Greece and the rest of the Europe zone (choose the country above the page).
Press Ctrl+C to stop.`);
  const shutdown = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
