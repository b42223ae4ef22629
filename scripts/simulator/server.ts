// The Shopify simulator's HTTP server: Admin GraphQL, staged uploads and file CDN, the control
// page and JSON control API, and state views for tests. Run it with
//   SHOPIFY_APP_URL=http://localhost:3000 SHOPIFY_API_KEY=... SHOPIFY_API_SECRET=... npx tsx scripts/simulator/server.ts
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildAdminSchema, handleAdminGraphql } from "./admin-graphql";
import { renderControlPage } from "./control-page";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, productImageSvg, seedDemoShop } from "./demo-store";
import { discountStatus, usageCount } from "./discount-rules";
import { FaultPlan, type FaultRequest } from "./faults";
import { runFlowAction, type FlowActionAnswer } from "./flow";
import { json, readBody, send, type HttpResult } from "./http";
import { addShop, appGrant, installApp, type AppInstallation, type NewShop } from "./installation";
import { createState, type ShopState, type SimulatorState } from "./state";
import { createStoreActions, requireShop, StoreActionError, type StoreActions } from "./store-actions";
import { receivePostUpload, receivePutUpload, serveFile } from "./uploads";
import { WebhookSender, type WebhookDelivery } from "./webhooks";

export interface SimulatorOptions {
  port?: number; // 0 (the default) picks a free port
  host?: string; // default 127.0.0.1
  appUrl: string; // where relative webhook URIs from shopify.app.toml point
  apiKey: string;
  apiSecret: string; // signs webhooks; Admin API access uses the shop's access token
  state?: SimulatorState; // default: a fresh state holding the demo shop
  appConfigPath?: string; // default: shopify.app.toml at the project root; its scopes are granted at install
  // Run deprecated fields as Shopify does. Off by default: the simulator refuses them so that tests
  // catch the app using a field Shopify is going to remove.
  allowDeprecated?: boolean;
  // What the app's OAuth (token exchange) does when the merchant opens the app after reinstalling it:
  // the simulator has no OAuth, so the demo stores the offline session here.
  onAppReinstalled?: (shop: ShopState) => Promise<void>;
  // Milliseconds each Admin API answer is held back, as the network to Shopify and Shopify's own
  // work take time (benchmarks of the job workers); 0, the default, answers at once.
  adminApiLatencyMs?: number;
}

export interface Simulator {
  url: string;
  state: SimulatorState;
  webhooks: WebhookSender;
  actions: StoreActions;
  /** Adds an empty shop with the app installed (the TOML's scopes granted) and its own access token. */
  addShop(input: NewShop): ShopState;
  /**
   * Shopify Flow running one of the app's actions (extensions/*, type flow_action) for a shop:
   * the signed request sent to the app, and its answer (see flow.ts).
   */
  runFlowAction(run: {
    shop?: string;
    handle: string;
    properties: Record<string, unknown>;
    actionRunId?: string;
    secret?: string;
  }): Promise<FlowActionAnswer>;
  /** Makes the shop's next Admin API call selecting a root field fail as Shopify can (see faults.ts). */
  failNext(request: FaultRequest): void;
  /** Disarms faults not used yet (of one shop, when given). */
  clearFaults(shop?: string): void;
  close(): Promise<void>;
}

const DEFAULT_APP_CONFIG_PATH = fileURLToPath(new URL("../../shopify.app.toml", import.meta.url));

// ---------------------------------------------------------------- control API input

type Input = Record<string, unknown>;

function text(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== "string" || value.trim() === "") throw new StoreActionError(`${name} is required`);
  return value;
}

function optionalText(input: Input, name: string): string | undefined {
  const value = input[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function lineList(value: unknown, idField: "variantId" | "lineItemId"): { id: string; quantity: number }[] {
  if (!Array.isArray(value)) throw new StoreActionError("lines must be a list");
  return value.map((line: unknown) => {
    if (!line || typeof line !== "object") throw new StoreActionError("each line must be an object");
    const fields = line as Input;
    return { id: text(fields, idField), quantity: Number(fields.quantity ?? 1) };
  });
}

/** A form's per-item quantities ("quantity.<variant GID>" = "2"): the items with one above zero. */
function quantityFields(input: Input, prefix: string): { id: string; quantity: number }[] {
  return Object.entries(input)
    .filter(([name, value]) => name.startsWith(prefix) && String(value).trim() !== "" && Number(value) !== 0)
    .map(([name, value]) => ({ id: name.slice(prefix.length), quantity: Number(value) }));
}

/** A checkbox ("on") or a JSON boolean. */
const flag = (value: unknown) => value === true || value === "on" || value === "true";

function webhookSummary(delivery: WebhookDelivery) {
  const { webhookId, eventId, topic, shop, url, status, error, attempts, forged } = delivery;
  return { webhookId, eventId, topic, shop, url, status, error, attempts, forged };
}

/** Runs one control action; forms send flat string fields, scripts send the JSON shapes of StoreActions. */
async function runAction(
  action: string,
  input: Input,
  {
    actions,
    webhooks,
    faults,
    flowAction,
    onAppReinstalled,
  }: {
    actions: StoreActions;
    webhooks: WebhookSender;
    faults: FaultPlan;
    flowAction: Simulator["runFlowAction"];
    onAppReinstalled?: SimulatorOptions["onAppReinstalled"];
  },
): Promise<Record<string, unknown>> {
  const shop = optionalText(input, "shop");
  const orderId = () => text(input, "orderId");
  switch (action) {
    case "orders": {
      const lines =
        input.lines !== undefined
          ? lineList(input.lines, "variantId")
          : input.variantId !== undefined
            ? [{ id: text(input, "variantId"), quantity: Number(input.quantity ?? 1) }]
            : quantityFields(input, "quantity.");
      const customerId = optionalText(input, "customerId");
      const common = {
        shop,
        lines: lines.map((line) => ({ variantId: line.id, quantity: line.quantity })),
        presentmentCurrency: optionalText(input, "presentmentCurrency"),
        shippingCountry: optionalText(input, "shippingCountry"),
        discountCode: optionalText(input, "discountCode"),
      };
      return actions.placeOrder(customerId ? { ...common, customerId } : { ...common, email: text(input, "email") });
    }
    case "customers":
      return actions.createCustomer({
        shop,
        email: text(input, "email"),
        firstName: optionalText(input, "firstName"),
        lastName: optionalText(input, "lastName"),
        locale: optionalText(input, "locale"),
        emailMarketingConsent:
          input.emailMarketingConsent === "SUBSCRIBED" || input.emailMarketingConsent === "UNSUBSCRIBED"
            ? input.emailMarketingConsent
            : undefined,
      });
    case "fulfil":
      return actions.fulfilOrder({ shop, orderId: orderId() });
    case "deliver":
      return actions.deliverOrder({ shop, orderId: orderId() });
    case "refund": {
      const formLines = quantityFields(input, "refund.");
      const lines = input.lines !== undefined ? lineList(input.lines, "lineItemId") : formLines.length > 0 ? formLines : undefined;
      const money = (name: string) => optionalText(input, name) ?? (typeof input[name] === "number" ? String(input[name]) : undefined);
      return actions.refundOrder({
        shop,
        orderId: orderId(),
        lines: lines?.map((line) => ({ lineItemId: line.id, quantity: line.quantity })),
        restock: flag(input.restock),
        amount: money("amount"),
        method: input.method === "store_credit" ? "store_credit" : "original",
        storeCredit: money("storeCredit"),
        pending: flag(input.pending),
        note: optionalText(input, "note"),
      });
    }
    case "cancel":
      return actions.cancelOrder({ shop, orderId: orderId() });
    case "uninstall":
      return actions.uninstallApp({ shop });
    case "reinstall": {
      const result = actions.reinstallApp({ shop });
      await onAppReinstalled?.(result.shop);
      return result;
    }
    case "data-request":
      return actions.requestCustomerData({ shop, customerId: text(input, "customerId") });
    case "customer-redact":
      return actions.redactCustomer({ shop, customerId: text(input, "customerId") });
    case "shop-redact":
      return actions.redactShop({ shop });
    case "redeliver":
      return { webhook: await webhooks.redeliver(text(input, "webhookId"), { secret: optionalText(input, "secret") }) };
    case "flow-action": {
      // JSON only: { shop, handle: "award-points", properties: { customer_id: "1001", points: 50, reason: "..." } }
      const properties = input.properties as Record<string, unknown> | undefined;
      if (!properties || typeof properties !== "object") throw new StoreActionError("properties is required");
      try {
        return {
          flowAction: await flowAction({
            shop,
            handle: text(input, "handle"),
            properties,
            actionRunId: optionalText(input, "actionRunId"),
          }),
        };
      } catch (error) {
        throw error instanceof StoreActionError ? error : new StoreActionError((error as Error).message);
      }
    }
    case "fault": {
      // JSON only: { shop, field: "Mutation.discountCodeBasicCreate", fault: { kind: "throttled" } }
      const fault = input.fault as FaultRequest["fault"] | undefined;
      if (!fault || typeof fault !== "object") throw new StoreActionError("fault is required");
      try {
        faults.failNext({ shop: text(input, "shop"), field: text(input, "field"), fault });
      } catch (error) {
        throw new StoreActionError((error as Error).message);
      }
      return { armed: true };
    }
    default:
      throw new StoreActionError(`Unknown action ${action}`, 404);
  }
}

/** JSON-friendly result: shops by domain (never their token), deliveries without bodies. */
function presentResult(result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    if (key === "shop" && value && typeof value === "object" && "domain" in value) out.shop = (value as { domain: string }).domain;
    else if (key === "webhook" || key === "orderUpdated") out[key] = webhookSummary(value as WebhookDelivery);
    else out[key] = value;
  }
  return out;
}

function flashMessage(action: string, result: Record<string, unknown>): string {
  const delivery = result.webhook as WebhookDelivery | undefined;
  if (!delivery) return `${action}: done`;
  const outcome = delivery.url === null ? "not subscribed" : (delivery.status ?? delivery.error ?? "no answer");
  return `${action}: ${delivery.topic} webhook → ${outcome}`;
}

// ---------------------------------------------------------------- server

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const state = options.state ?? createState();
  const installation: AppInstallation = { appConfigPath: options.appConfigPath ?? DEFAULT_APP_CONFIG_PATH, appUrl: options.appUrl };
  // Refuse a TOML Shopify would refuse before anything listens: its scopes must cover its webhook topics.
  appGrant(installation);
  const schema = buildAdminSchema();
  const faults = new FaultPlan(schema);
  const uploadSecret = randomBytes(32).toString("hex");
  const webhooks = new WebhookSender({
    appUrl: options.appUrl,
    apiSecret: options.apiSecret,
    appConfigPath: installation.appConfigPath,
    grantedScopes: (domain) => state.shops.get(domain)?.grantedScopes ?? [],
  });
  const actions = createStoreActions(state, webhooks, (shop) => {
    try {
      installApp(shop, installation);
    } catch (error) {
      // A refused install is the merchant's request refused (the control page shows why), not a crash.
      throw new StoreActionError((error as Error).message);
    }
  });
  const allowDeprecated = options.allowDeprecated ?? false;
  const runFlow: Simulator["runFlowAction"] = async ({ shop, ...run }) =>
    runFlowAction(
      { appUrl: options.appUrl, apiSecret: options.apiSecret, appConfigPath: installation.appConfigPath },
      { ...run, shop: requireShop(state, shop) },
    );
  let baseUrl = "";

  async function route(request: IncomingMessage): Promise<HttpResult> {
    const url = new URL(request.url ?? "/", baseUrl);
    const method = request.method ?? "GET";
    const path = url.pathname;
    const contentType = request.headers["content-type"] ?? "";

    const graphqlPath = /^\/admin\/api\/([\w-]+)\/graphql\.json$/.exec(path);
    if (graphqlPath && method === "POST") {
      const body = await readBody(request);
      if (options.adminApiLatencyMs) await new Promise((resolve) => setTimeout(resolve, options.adminApiLatencyMs));
      return handleAdminGraphql(
        {
          state,
          schema,
          baseUrl,
          apiKey: options.apiKey,
          uploadSecret,
          allowDeprecated,
          faults,
          appConfigPath: installation.appConfigPath,
        },
        { apiVersion: graphqlPath[1], headers: request.headers, body },
      );
    }
    if (path === "/staged-uploads" && method === "POST")
      return receivePostUpload(state, uploadSecret, contentType, await readBody(request));
    if (path.startsWith("/staged-uploads/") && method === "PUT") {
      const key = path.slice("/staged-uploads/".length);
      return receivePutUpload(state, uploadSecret, key, url.searchParams.get("X-Goog-Signature"), contentType, await readBody(request));
    }
    const filePath = /^\/cdn\/shop\/files\/(\d+)\/[^/]+$/.exec(path);
    if (filePath && method === "GET") return serveFile(state, Number(filePath[1]), url.searchParams);
    const imagePath = /^\/cdn\/shop\/products\/([\w-]+)\.svg$/.exec(path);
    if (imagePath && method === "GET") {
      const product = [...state.shops.values()].flatMap((shop) => shop.products).find((candidate) => candidate.handle === imagePath[1]);
      return product
        ? {
            status: 200,
            headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
            body: productImageSvg(product),
          }
        : { status: 404, body: "Not Found" };
    }

    const simulatePath = /^\/simulate\/([\w-]+)$/.exec(path);
    if (simulatePath && method === "POST") {
      const body = (await readBody(request)).toString("utf8");
      const isForm = contentType.includes("application/x-www-form-urlencoded");
      try {
        const input: Input = isForm ? Object.fromEntries(new URLSearchParams(body)) : ((body ? JSON.parse(body) : {}) as Input);
        const result = await runAction(simulatePath[1], input, {
          actions,
          webhooks,
          faults,
          flowAction: runFlow,
          onAppReinstalled: options.onAppReinstalled,
        });
        return isForm ? redirect({ message: flashMessage(simulatePath[1], result) }) : json(200, presentResult(result));
      } catch (error) {
        if (!(error instanceof StoreActionError) && !(error instanceof SyntaxError)) throw error;
        return isForm
          ? redirect({ error: error.message })
          : json(error instanceof StoreActionError ? error.status : 400, { error: error.message });
      }
    }

    const statePath = /^\/state\/([\w.-]+)\/(metafields|discounts|orders|webhooks|flow-triggers)$/.exec(path);
    if (statePath && method === "GET") {
      const shop = state.shops.get(statePath[1]);
      if (!shop) return json(404, { error: `No shop ${statePath[1]}` });
      switch (statePath[2]) {
        case "metafields": {
          const ownerId = url.searchParams.get("ownerId");
          const namespace = url.searchParams.get("namespace");
          return json(
            200,
            shop.metafields.filter((m) => (!ownerId || m.ownerId === ownerId) && (!namespace || m.namespace === namespace)),
          );
        }
        case "discounts":
          return json(
            200,
            shop.discounts.map((discount) => ({ ...discount, status: discountStatus(discount), usageCount: usageCount(shop, discount) })),
          );
        case "orders":
          return json(200, shop.orders);
        case "flow-triggers":
          return json(200, shop.flowTriggers ?? []);
        default:
          return json(
            200,
            webhooks.deliveries.filter((delivery) => delivery.shop === shop.domain),
          );
      }
    }

    if (path === "/" && method === "GET") {
      const page = renderControlPage({
        state,
        deliveries: webhooks.deliveries,
        message: url.searchParams.get("message"),
        error: url.searchParams.get("error"),
      });
      return { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: page };
    }
    return json(404, { errors: "Not Found" });
  }

  const server = createServer((request, response) => {
    route(request).then(
      (result) => send(response, result),
      (error: unknown) => send(response, json(500, { error: error instanceof Error ? error.message : String(error) })),
    );
  });
  // Node closes an idle kept-alive connection after 5 s; a client whose own timer runs late (a busy
  // test process) can reuse it at that moment and get ECONNRESET. The server keeps idle connections
  // longer than any client here does, as servers behind load balancers do (an assumption: Shopify
  // does not document its own timeout).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  if (!options.state) seedDemoShop(state, { baseUrl });
  // The app is installed on every shop the simulator starts with (the merchant approved it then).
  for (const shop of state.shops.values()) if (!shop.uninstalledAt) installApp(shop, installation);

  return {
    url: baseUrl,
    state,
    webhooks,
    actions,
    addShop(input) {
      const shop = addShop(state, input);
      installApp(shop, installation);
      return shop;
    },
    runFlowAction: runFlow,
    failNext: (request) => faults.failNext(request),
    clearFaults: (shop) => faults.clear(shop),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function redirect(flash: { message?: string; error?: string }): HttpResult {
  const query = new URLSearchParams(flash as Record<string, string>).toString();
  return { status: 303, headers: { location: `/?${query}` } };
}

// ---------------------------------------------------------------- CLI

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const simulator = await startSimulator({
    port: Number(process.env.SIMULATOR_PORT ?? 4100),
    appUrl: requiredEnv("SHOPIFY_APP_URL"),
    apiKey: requiredEnv("SHOPIFY_API_KEY"),
    apiSecret: requiredEnv("SHOPIFY_API_SECRET"),
  });
  console.log(`Shopify simulator on ${simulator.url}`);
  console.log(`  demo shop ${DEMO_SHOP_DOMAIN}, Admin API token ${DEMO_ACCESS_TOKEN}`);
  console.log(`  point the app at it with SHOPIFY_ADMIN_API_ORIGIN=${simulator.url}`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
