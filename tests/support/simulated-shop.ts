// The app installed on the simulator's demo shop, for integration tests that go through
// webhooks: the app's webhook route (and the Shopify Flow action route, /flow/actions) served over
// HTTP, the simulator delivering signed webhooks and Flow action requests to it, the offline
// session stored, and the shop synced by the job worker.
// Set any environment the app reads once (SMTP_URL, …) before calling: app modules load here.
import { startSimulator, type Simulator } from "../../scripts/simulator/server";
import { storeOfflineSession } from "../../scripts/simulator/install";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import type { ShopState } from "../../scripts/simulator/state";
import { serveRoute } from "./route-server";

type Db = typeof import("../../app/db.server").default;

export interface SimulatedShop {
  db: Db;
  simulator: Simulator;
  shopify: typeof import("../../app/shopify.server");
  /** The demo shop's state in the simulator. */
  shopState(): ShopState;
  /** Runs every job due at `at` (jobs a run makes due at once included), with the worker's clock at `at`; returns how many ran. */
  runJobsAt(at: Date): Promise<number>;
  /**
   * One pass of the worker at `at`: the jobs due then, not those they queue. After a delivery, its
   * webhook.accept job has judged it and queued its work, which has not run yet.
   */
  runJobPass(at: Date): Promise<number>;
  /** Stops the simulator and the webhook route. */
  close(): Promise<void>;
}

export async function startSimulatedShop({ storefrontUrl }: { storefrontUrl: string }): Promise<SimulatedShop> {
  const webhookRoute = await serveRoute(async (args) =>
    new URL(args.request.url).pathname === "/flow/actions"
      ? (await import("../../app/routes/flow.actions")).action(args as never)
      : (await import("../../app/routes/webhooks")).action(args as never),
  );
  let simulator: Simulator;
  try {
    simulator = await startSimulator({
      appUrl: webhookRoute.url,
      apiKey: process.env.SHOPIFY_API_KEY!,
      apiSecret: process.env.SHOPIFY_API_SECRET!,
    });
  } catch (error) {
    await webhookRoute.close();
    throw error;
  }
  const close = async () => {
    await simulator.close();
    await webhookRoute.close();
  };
  try {
    process.env.SHOPIFY_ADMIN_API_ORIGIN = simulator.url;
    const shopState = (): ShopState => simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;
    shopState().primaryDomainUrl = storefrontUrl;

    const shopify = await import("../../app/shopify.server");
    const { handlers } = await import("../../app/jobs/handlers.server");
    const { runDueJobs } = await import("../../app/jobs/worker.server");
    const { enqueue } = await import("../../app/jobs/queue.server");
    const db = (await import("../../app/db.server")).default;
    const runJobPass = (at: Date) => runDueJobs({ db, handlers, adminFor: shopify.adminFor, now: () => at, batchSize: 100 });
    const runJobsAt = async (at: Date) => {
      let total = 0;
      for (let ran = -1; ran !== 0; total += ran) ran = await runJobPass(at);
      return total;
    };

    await storeOfflineSession(shopify.sessionStorage, { shop: DEMO_SHOP_DOMAIN, accessToken: DEMO_ACCESS_TOKEN });
    await enqueue(db, { shop: DEMO_SHOP_DOMAIN, type: "shop.sync", payload: {} });
    await runJobsAt(new Date());
    return { db, simulator, shopify, shopState, runJobsAt, runJobPass, close };
  } catch (error) {
    await close();
    throw error;
  }
}
