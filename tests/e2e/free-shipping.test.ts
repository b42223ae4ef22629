// The free-shipping bar in a real browser, end to end through the demo: the demo seeds the
// thresholds in the app, the worker publishes them to the shop metafield the app embed reads
// and creates the automatic free-shipping discounts checkout applies. On the storefront, a
// shopper in the US paying in dollars and a Greek shopper paying in euros (picked with the
// preview's country selector) add items below, near and above their threshold through the Ajax
// cart; the bar's text and progress follow without a page load.
//
// Then the journey as a shopper and a merchant meet it. A shopper on a product page with a cart
// below the threshold reads what is left to spend in the shop's money format, adds to the cart
// and is told shipping is free without a page load, closes the bar (it stays closed on the next
// page of the visit and comes back in a new one), and finds one bar on the cart page, where the
// cart block takes the place of the embed. Once with the bar at the top, once at the bottom (the
// app embed's Position setting, changed as a merchant would in the theme editor), at 1280 and
// 375 px, in English and Greek. The merchant's free-shipping page at 1280, 1024 and 375 px
// previews the same bar.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { Demo } from "../../scripts/demo";
import { formatCents, presentmentFor } from "../../scripts/storefront/objects";
import { DEMO_SHOP_DOMAIN } from "../../scripts/simulator/demo-store";
import { numericId } from "../../scripts/simulator/state";
import {
  collectPageErrors,
  horizontalOverflow,
  saveScreenshot,
  startBrowserDemo,
  stopBrowserDemo,
  VIEWPORTS,
  waitFor as waitUntil,
  type BrowserDemo,
  type ViewportName,
} from "./support";

interface Thresholds {
  enabled: boolean;
  shop_currency: string;
  base: { amount: string; currency: string } | null;
  zones: { name: string; countries: string[]; currency: string; amount: string }[];
  excluded_countries: string[];
  messages: Record<string, { before: string; progress: string; reached: string }>;
}

let session: BrowserDemo | undefined;
let demo: Demo;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  session = await startBrowserDemo({ firstPort: 3620, name: "retention-e2e-free-shipping" });
  ({ demo, page, pageErrors } = session);
  // Requests cut short by a navigation are aborted, not failed.
  page.on("requestfailed", (request) => {
    const reason = request.failure()?.errorText ?? "";
    if (reason !== "net::ERR_ABORTED") pageErrors.push(`failed ${request.url()}: ${reason}`);
  });
});

afterAll(() => stopBrowserDemo(session));

/** The worker publishes in the background: wait up to 30 seconds, polling every 250 ms. */
const waitFor = <T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 30_000) =>
  waitUntil(async () => read(), done, timeoutMs, 250);

const shopState = () => demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!;

/** The thresholds the worker published, once it has. */
async function publishedThresholds(): Promise<Thresholds> {
  const metafield = await waitFor(
    () => shopState().metafields.find((m) => m.namespace.endsWith("--shipping") && m.key === "thresholds"),
    (found) => found !== undefined,
  );
  expect(metafield, "the shipping sync job never wrote shop.metafields['$app:shipping'].thresholds").toBeDefined();
  return JSON.parse(metafield!.value) as Thresholds;
}

const variantId = (handle: string, index = 0) => numericId(shopState().products.find((p) => p.handle === handle)!.variants[index].id);
const cents = (amount: string) => Math.round(Number(amount) * 100);

/** A cart request the way a theme's drawer makes it: fetch from the page, no navigation. */
async function cartRequest(endpoint: "add" | "change" | "update" | "clear", body: object = {}): Promise<void> {
  const status = await page.evaluate(
    async ({ endpoint, body }) => {
      const response = await fetch(`/cart/${endpoint}.js`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return response.status;
    },
    { endpoint, body },
  );
  expect(status).toBe(200);
}

interface BarState {
  text: string;
  valueNow: string | null;
  valueText: string;
  live: string;
  reloaded: boolean;
}

async function barState(): Promise<BarState> {
  const bar = page.locator("free-shipping-bar");
  const progress = bar.getByRole("progressbar");
  return {
    text: (await bar.locator("[data-fsb-message]").innerText()).replace(/\s+/g, " ").trim(),
    valueNow: await progress.getAttribute("aria-valuenow"),
    valueText: ((await progress.getAttribute("aria-valuetext")) ?? "").replace(/\s+/g, " ").trim(),
    live: ((await bar.locator("[aria-live=polite]").textContent()) ?? "").replace(/\s+/g, " ").trim(),
    reloaded: await page.evaluate(() => !(window as unknown as { fsbMarker?: boolean }).fsbMarker),
  };
}

/** Waits for the bar to say `text` with `percent` progress, on the same page (no reload). */
async function expectBar(text: string, percent: number): Promise<void> {
  const normalized = text.replace(/\s+/g, " ");
  const state = await waitFor(barState, (current) => current.text === normalized && current.valueNow === String(percent), 10_000);
  expect(state).toEqual({ text: normalized, valueNow: String(percent), valueText: normalized, live: normalized, reloaded: false });
}

/** What the bar should say for a cart total, from the published thresholds and messages, with amounts in the shop's money format for the currency (as `| money` prints them). */
function expected(thresholds: Thresholds, locale: string, currency: string, threshold: string, total: number) {
  const goal = cents(threshold);
  const messages = thresholds.messages[locale] ?? thresholds.messages.en;
  const presentment = presentmentFor(demo.simulator.state.shops.get(DEMO_SHOP_DOMAIN)!, currency);
  const money = (value: number) => formatCents(presentment, value, "money");
  const percent = Math.min(100, Math.floor((total * 100) / goal));
  if (total <= 0) return { text: messages.before.replace("{amount}", money(goal)), percent };
  if (total < goal) return { text: messages.progress.replace("{amount}", money(goal - total)), percent };
  return { text: messages.reached, percent };
}

describe("free-shipping bar in Chromium", () => {
  it("publishes the thresholds to the shop metafield and matching automatic free-shipping discounts", async () => {
    const thresholds = await publishedThresholds();
    expect(thresholds).toMatchObject({
      enabled: true,
      shop_currency: "USD",
      base: { amount: "75.00", currency: "USD" },
      zones: [{ name: "Europe", countries: expect.arrayContaining(["GR"]), currency: "EUR", amount: "60.00" }],
      excluded_countries: ["AU"],
    });

    // Checkout keeps the bar's promise: one automatic discount per threshold, in shop currency.
    const zone = thresholds.zones[0];
    const discounts = await waitFor(
      () => shopState().discounts.filter((d) => d.kind === "automatic_free_shipping" && d.status === "ACTIVE"),
      (found) => found.length === 2,
    );
    expect(discounts).toHaveLength(2);
    const base = discounts.find((d) => Number(d.minimumSubtotal) === Number(thresholds.base!.amount));
    expect(base, JSON.stringify(discounts)).toBeDefined();
    expect(base!.destinationCountryCodes).toContain("US");
    expect(base!.destinationCountryCodes).not.toContain("AU");
    expect(base!.destinationCountryCodes).not.toContain("GR");
    const europe = discounts.find((d) => d !== base)!;
    expect([...(europe.destinationCountryCodes ?? [])].sort()).toEqual([...zone.countries].sort());
    // €60.00 at the demo's 0.92 EUR per USD, rounded down so a cart showing €60 always qualifies.
    expect(europe.minimumSubtotal).toBe("65.21");
  });

  it("follows a US shopper's dollar cart below, near and above the threshold without a page load", async () => {
    const thresholds = await publishedThresholds();
    const threshold = thresholds.base!.amount;
    await page.goto(demo.urls.storefront);
    await page.evaluate(() => ((window as unknown as { fsbMarker?: boolean }).fsbMarker = true));
    await expect(page.locator("#LocalizationCountry").inputValue()).resolves.toBe("US");

    // Rendered by Liquid: the shop's money format.
    const bar = page.locator("free-shipping-bar");
    await expect(bar.locator("[data-fsb-message]").innerText()).resolves.toBe("Free shipping on orders over $75.00");
    await expect(bar.getByRole("progressbar").getAttribute("aria-valuenow")).resolves.toBe("0");
    await expect(bar.getByRole("progressbar", { name: "Progress towards free shipping" }).count()).resolves.toBe(1);
    const box = await bar.boundingBox();

    const check = async (total: number) => {
      const { text, percent } = expected(thresholds, "en", "USD", threshold, total);
      await expectBar(text, percent);
    };

    await cartRequest("add", { id: variantId("linen-tote-bag"), quantity: 1 }); // $24.00: below
    await expectBar("You're $51.00 away from free shipping", 32);
    await check(2400);

    await cartRequest("add", {
      items: [
        { id: variantId("cotton-beach-towel"), quantity: 1 },
        { id: variantId("ceramic-mug"), quantity: 1 },
      ],
    }); // $74.00: near
    await expectBar("You're $1.00 away from free shipping", 98);
    await check(7400);

    await cartRequest("update", { updates: { [variantId("olive-oil-soap")]: 1 } }); // $82.50: above
    await expectBar("You've got free shipping!", 100);
    await check(8250);
    await expect(bar.getAttribute("data-reached-state")).resolves.toBe("");

    await cartRequest("change", { id: String(variantId("olive-oil-soap")), quantity: 0 }); // back to $74.00
    await check(7400);

    // An older theme's XMLHttpRequest: $82.50 again.
    await page.evaluate((id) => {
      const request = new XMLHttpRequest();
      request.open("POST", "/cart/add.js");
      request.setRequestHeader("content-type", "application/json");
      request.send(JSON.stringify({ id, quantity: 1 }));
    }, variantId("olive-oil-soap"));
    await check(8250);
    await cartRequest("change", { line: 4, quantity: 0 });
    await check(7400);

    // The bar keeps its size whatever it says: no layout shift.
    expect(await bar.boundingBox()).toEqual(box);

    await cartRequest("clear");
    await check(0);
    await expectBar("Free shipping on orders over $75.00", 0);
  });

  it("catches up with a cart change the shopper made before its script arrived", async () => {
    // The script loads after the page; on a slow phone a shopper can add to the cart first.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/free-shipping.js", async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto(demo.urls.storefront);
      await page.evaluate(() => ((window as unknown as { fsbMarker?: boolean }).fsbMarker = true));
      await cartRequest("add", { id: variantId("linen-tote-bag"), quantity: 1 }); // $24.00
      expect(await page.evaluate(() => customElements.get("free-shipping-bar") === undefined)).toBe(true);
      expect((await barState()).text).toBe("Free shipping on orders over $75.00");
      release();
      await expectBar("You're $51.00 away from free shipping", 32);
    } finally {
      release();
      await page.unroute("**/free-shipping.js");
    }
    await cartRequest("clear");
    await expectBar("Free shipping on orders over $75.00", 0);
  });

  it("follows a Greek shopper's euro cart against the Europe zone, in Greek", async () => {
    const thresholds = await publishedThresholds();
    const zone = thresholds.zones.find((candidate) => candidate.countries.includes("GR") && candidate.currency === "EUR")!;

    // The preview's localization form: Greece pays in euros.
    await page.goto(`${demo.urls.storefront}/el`);
    await page.locator("#LocalizationCountry").selectOption("GR");
    await page.getByRole("button", { name: "Update country" }).click();
    await page.waitForURL(/country=GR/);
    await expect(page.locator("#LocalizationCurrency").inputValue()).resolves.toBe("EUR");
    await page.evaluate(() => ((window as unknown as { fsbMarker?: boolean }).fsbMarker = true));

    const bar = page.locator("free-shipping-bar");
    await expect(bar.getAttribute("data-currency")).resolves.toBe("EUR");
    await expect(bar.getAttribute("data-threshold")).resolves.toBe(String(cents(zone.amount)));
    await expect(bar.locator("[data-fsb-message]").innerText()).resolves.toBe("Δωρεάν αποστολή για παραγγελίες άνω των €60,00");

    const check = async (total: number) => {
      const { text, percent } = expected(thresholds, "el", "EUR", zone.amount, total);
      await expectBar(text, percent);
      expect((await barState()).text).not.toContain("$");
    };

    await cartRequest("add", { id: variantId("linen-tote-bag"), quantity: 1 }); // €22.08: below
    await expectBar("Σας λείπουν €37,92 για δωρεάν αποστολή", 36);
    await check(2208);

    await cartRequest("add", { id: variantId("cotton-beach-towel"), quantity: 1 });
    await cartRequest("update", { updates: { [variantId("olive-oil-soap")]: 1 } }); // €59.34: near
    await expectBar("Σας λείπουν €0,66 για δωρεάν αποστολή", 98);
    await check(5934);

    await cartRequest("add", { id: variantId("mountain-tea"), quantity: 1 }); // €65.69: above
    await expectBar("Έχετε δωρεάν αποστολή!", 100);

    // A theme that announces cart changes with an event (its own drawer, say).
    await page.evaluate(async () => {
      const cart = await (await fetch("/cart.js")).json();
      document.dispatchEvent(new CustomEvent("cart:updated", { detail: { cart: { ...cart, total_price: 3000 } } }));
    });
    await check(3000);

    await cartRequest("clear");
    await check(0);
  });

  it("keeps the bar's promise at checkout: the same carts ship free exactly when the bar said so", async () => {
    const shop = shopState();
    const customer = (email: string) => shop.customers.find((candidate) => candidate.email === email)!.id;
    const line = (handle: string) => ({ variantId: shop.products.find((p) => p.handle === handle)!.variants[0].id, quantity: 1 });
    const shipping = async (email: string, country: string, currency: string, handles: string[]) => {
      const { order } = await demo.simulator.actions.placeOrder({
        customerId: customer(email),
        lines: handles.map(line),
        presentmentCurrency: currency,
        shippingCountry: country,
      });
      return Number(order.totalShipping);
    };
    const near = ["linen-tote-bag", "cotton-beach-towel", "olive-oil-soap"]; // $64.50 = €59.34: "€0.66 away"
    const above = [...near, "mountain-tea"]; // $71.40 = €65.69: "free shipping"
    expect(await shipping("maria.papadopoulou@example.com", "GR", "EUR", near)).toBeGreaterThan(0);
    expect(await shipping("maria.papadopoulou@example.com", "GR", "EUR", above)).toBe(0);
    // The same $71.40 in the US is under the $75.00 base threshold; $74.00 too; $82.50 is over it.
    expect(await shipping("alex.morgan@example.com", "US", "USD", above)).toBeGreaterThan(0);
    expect(await shipping("alex.morgan@example.com", "US", "USD", ["linen-tote-bag", "cotton-beach-towel", "ceramic-mug"])).toBeGreaterThan(
      0,
    );
    expect(
      await shipping("alex.morgan@example.com", "US", "USD", ["linen-tote-bag", "cotton-beach-towel", "ceramic-mug", "olive-oil-soap"]),
    ).toBe(0);
    // Australia is excluded: no free shipping whatever the total.
    expect(await shipping("alex.morgan@example.com", "AU", "USD", ["leather-sandals", "leather-sandals"])).toBeGreaterThan(0);
  });

  it("shows no bar to a shopper whose cart currency has no threshold, or to an excluded country", async () => {
    await page.goto(`${demo.urls.storefront}/?country=US&currency=EUR`); // € cart, US has no € zone
    await expect(page.locator("free-shipping-bar").count()).resolves.toBe(0);
    await page.goto(`${demo.urls.storefront}/?country=AU&currency=USD`); // excluded
    await expect(page.locator("free-shipping-bar").count()).resolves.toBe(0);
    await page.goto(`${demo.urls.storefront}/?country=GB`); // pays in £
    await expect(page.locator("free-shipping-bar").count()).resolves.toBe(0);
  });

  it("raised no errors in the browser console and no failed requests", () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The app embed's settings in the theme editor (App embeds → Free shipping bar). */
function setEmbed(settings: Record<string, unknown>): void {
  const placements = demo.storefront.placements;
  const index = placements.findIndex((placement) => placement.block === "free-shipping-bar");
  if (index >= 0) placements.splice(index, 1);
  placements.push({ block: "free-shipping-bar", slot: "body", settings });
}

/** A cart change the way a theme's drawer makes it: fetch from the page, no navigation. */
async function ajaxAdd(on: Page, items: { id: number; quantity: number }[]): Promise<void> {
  const status = await on.evaluate(
    async (body) => {
      const response = await fetch("/cart/add.js", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return response.status;
    },
    { items },
  );
  expect(status).toBe(200);
}

const fixedBar = (on: Page) => on.locator("free-shipping-bar.rw-fsb--fixed");
const text = async (on: Page, selector: string) => ((await on.locator(selector).first().innerText()) ?? "").replace(/\s+/g, " ").trim();

/** Where the fixed bar is and the space the page keeps free for it. */
function layout(on: Page) {
  return on.evaluate(() => {
    const bar = document.querySelector("free-shipping-bar.rw-fsb--fixed");
    const box = bar?.getBoundingClientRect();
    const body = getComputedStyle(document.body);
    const amount = bar?.querySelector(".rw-fsb__amount")?.getBoundingClientRect();
    const message = bar?.querySelector<HTMLElement>("[data-fsb-message]");
    return {
      shown: !!bar && !!box && box.height > 0,
      top: box?.top ?? 0,
      bottom: box?.bottom ?? 0,
      height: box?.height ?? 0,
      paddingTop: parseFloat(body.paddingTop),
      paddingBottom: parseFloat(body.paddingBottom),
      headerTop: document.querySelector("header")!.getBoundingClientRect().top,
      viewport: { width: window.innerWidth, height: window.innerHeight },
      amount: amount ? { left: amount.left, right: amount.right, top: amount.top, bottom: amount.bottom } : null,
      colors: bar
        ? {
            bar: [getComputedStyle(bar).backgroundColor, getComputedStyle(bar).color],
            theme: [body.backgroundColor, body.color],
            fill: getComputedStyle(bar.querySelector(".rw-fsb__fill")!).backgroundColor,
          }
        : null,
      // A message cut short (ellipsis, hidden overflow) is wider or taller inside than out.
      clipped: message ? message.scrollWidth > message.clientWidth || message.scrollHeight > message.clientHeight : false,
    };
  });
}

/** Layout shifts since the page loaded (Cumulative Layout Shift without the user's input), with what moved. */
function layoutShift(on: Page): Promise<{ total: number; moved: string[] }> {
  return on.evaluate(
    () =>
      new Promise<{ total: number; moved: string[] }>((resolve) => {
        const result = { total: 0, moved: [] as string[] };
        type Shift = PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
          sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
        };
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Shift[]) {
            if (entry.hadRecentInput) continue;
            result.total += entry.value;
            for (const source of entry.sources) {
              const node = source.node as Element | undefined;
              result.moved.push(
                `${node?.nodeName ?? "?"}.${node?.className ?? ""} ${JSON.stringify(source.previousRect)} → ${JSON.stringify(source.currentRect)}`,
              );
            }
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(result), 400);
      }),
  );
}

interface Journey {
  width: ViewportName;
  locale: "en" | "el";
  position: "top" | "bottom";
  /** What the bar says for each cart, in the shop's money format for the cart currency. */
  words: { before: string; amountBefore: string; progress: string; amountProgress: string; reached: string; close: string };
  /** ?country= for the shopper: the US pays in dollars, Greece in euros (Europe zone, €60). */
  country: string;
  fill: number[];
  shots: { product?: string; reached?: string; cart?: string };
  /** Colours picked in the theme editor, and the computed [background, text, progress] they give; none: the theme's. */
  colors?: { settings: Record<string, string>; computed: [string, string, string] };
}

const ENGLISH = {
  before: "Free shipping on orders over $75.00",
  amountBefore: "$75.00",
  progress: "You're $51.00 away from free shipping",
  amountProgress: "$51.00",
  reached: "You've got free shipping!",
  close: "Close the free shipping bar",
};
const GREEK = {
  // The longest of the Greek messages: at 375 px it wraps, and the amount stays whole and in view.
  before: "Δωρεάν αποστολή για παραγγελίες άνω των €60,00",
  amountBefore: "€60,00",
  progress: "Σας λείπουν €37,92 για δωρεάν αποστολή",
  amountProgress: "€37,92",
  reached: "Έχετε δωρεάν αποστολή!",
  close: "Κλείσιμο της μπάρας δωρεάν αποστολής",
};

async function shopperJourney(journey: Journey): Promise<void> {
  const { width, locale, position, words } = journey;
  setEmbed({ position, ...journey.colors?.settings });
  await publishedThresholds();
  const context = await session!.browser.newContext({ viewport: VIEWPORTS[width] });
  const root = `${demo.urls.storefront}${locale === "en" ? "" : `/${locale}`}`;
  try {
    const tab = await context.newPage();
    const errors = collectPageErrors(tab);

    // An empty cart on a product page: the threshold, in the shop's format for the cart currency.
    await tab.goto(`${root}/products/ceramic-mug?country=${journey.country}`);
    await fixedBar(tab).waitFor();
    expect(await text(tab, "free-shipping-bar [data-fsb-message]")).toBe(words.before);
    expect(await text(tab, "free-shipping-bar .rw-fsb__amount")).toBe(words.amountBefore);
    let box = await layout(tab);
    if (journey.colors) expect([...box.colors!.bar, box.colors!.fill]).toEqual(journey.colors.computed);
    else {
      // No colours chosen in the theme editor: the theme's background and text, progress in the text colour.
      expect(box.colors!.bar).toEqual(box.colors!.theme);
      expect(box.colors!.fill).toBe(box.colors!.theme[1]);
    }
    expect(box.clipped).toBe(false);
    expect(box.amount!.left).toBeGreaterThanOrEqual(0);
    expect(box.amount!.right).toBeLessThanOrEqual(box.viewport.width);
    expect(box.amount!.top).toBeGreaterThanOrEqual(box.top);
    expect(box.amount!.bottom).toBeLessThanOrEqual(box.bottom);
    // Fixed at its edge, with the same space kept free on the page: the header is never under it.
    if (position === "top") {
      expect(box.top).toBe(0);
      expect(box.paddingTop).toBeCloseTo(box.height, 1);
      expect(box.headerTop).toBeGreaterThanOrEqual(box.bottom - 0.5);
    } else {
      expect(box.bottom).toBeCloseTo(box.viewport.height, 1);
      expect(box.paddingBottom).toBeCloseTo(box.height, 1);
      await tab.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const footer = await tab.locator("footer").boundingBox();
      expect(footer!.y + footer!.height).toBeLessThanOrEqual(box.top + 0.5);
      await tab.evaluate(() => window.scrollTo(0, 0));
    }
    // At the bottom nothing above it ever moves. (At the top, a theme that paints its header before
    // the embed at the end of <body> is parsed moves the page down once as the bar arrives.)
    if (position === "bottom") expect(await layoutShift(tab)).toEqual({ total: 0, moved: [] });
    expect(await horizontalOverflow(tab)).toBe(0);

    // Below the threshold (the theme's Ajax cart adds a tote bag): what is left, without a page load.
    await tab.evaluate(() => ((window as unknown as { marker?: boolean }).marker = true));
    await ajaxAdd(tab, [{ id: variantId("linen-tote-bag"), quantity: 1 }]);
    await waitFor(
      () => text(tab, "free-shipping-bar [data-fsb-message]"),
      (message) => message === words.progress,
      10_000,
    );
    expect(await text(tab, "free-shipping-bar [data-fsb-message]")).toBe(words.progress);
    expect(await text(tab, "free-shipping-bar .rw-fsb__amount")).toBe(words.amountProgress);
    box = await layout(tab);
    expect(box.clipped).toBe(false);
    expect(box.amount!.right).toBeLessThanOrEqual(box.viewport.width);
    if (journey.shots.product) {
      // A full-page capture keeps a bottom bar where the viewport ended: show the whole page as one
      // tall viewport instead, with the bar under the footer and nothing covered.
      if (position === "bottom") {
        const height = await tab.evaluate(() => document.documentElement.scrollHeight);
        await tab.setViewportSize({ width: VIEWPORTS[width].width, height });
      }
      await saveScreenshot(tab, journey.shots.product);
      await tab.setViewportSize(VIEWPORTS[width]);
    }

    // Enough to ship free.
    await ajaxAdd(
      tab,
      journey.fill.map((id) => ({ id, quantity: 1 })),
    );
    await waitFor(
      () => text(tab, "free-shipping-bar [data-fsb-message]"),
      (message) => message === words.reached,
      10_000,
    );
    expect(await fixedBar(tab).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    expect(await tab.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);
    if (journey.shots.reached) await saveScreenshot(tab, journey.shots.reached);

    // Closed: gone without leaving a gap, focus in the main content, not lost on <body>.
    const close = tab.getByRole("button", { name: words.close });
    await close.focus();
    await tab.keyboard.press("Enter");
    await expect(fixedBar(tab).isVisible()).resolves.toBe(false);
    box = await layout(tab);
    expect([box.paddingTop, box.paddingBottom]).toEqual([0, 0]);
    expect(await tab.evaluate(() => document.activeElement?.id)).toBe("MainContent");

    // The next page of the visit: still closed, from the first paint (no space kept, nothing moves).
    await tab.goto(`${root}/products/linen-tote-bag`);
    expect(await fixedBar(tab).count()).toBe(1);
    expect(await fixedBar(tab).isVisible()).toBe(false);
    box = await layout(tab);
    expect([box.shown, box.paddingTop, box.paddingBottom]).toEqual([false, 0, 0]);
    expect(await layoutShift(tab)).toEqual({ total: 0, moved: [] });

    // A new visit (a new tab has its own session, the same cart): the bar is back, and on the
    // cart page there is one bar, the cart block's, in the page.
    const next = await context.newPage();
    const nextErrors = collectPageErrors(next);
    await next.goto(`${root}/products/linen-tote-bag`);
    await fixedBar(next).waitFor();
    expect(await text(next, "free-shipping-bar [data-fsb-message]")).toBe(words.reached);
    await next.goto(`${root}/cart`);
    await next.locator("free-shipping-bar.rw-fsb--inline").waitFor();
    // CSS hides the embed at once; the script, loaded after the page, then removes it.
    expect(
      await waitFor(
        () => next.locator("free-shipping-bar").count(),
        (count) => count === 1,
        10_000,
      ),
    ).toBe(1);
    expect(await next.locator("free-shipping-bar:visible").count()).toBe(1);
    expect(await text(next, "free-shipping-bar [data-fsb-message]")).toBe(words.reached);
    box = await layout(next);
    expect([box.shown, box.paddingTop, box.paddingBottom]).toEqual([false, 0, 0]);
    expect(await horizontalOverflow(next)).toBe(0);
    if (journey.shots.cart) await saveScreenshot(next, journey.shots.cart);

    expect([...errors, ...nextErrors]).toEqual([]);
  } finally {
    await context.close();
  }
}

describe("free-shipping journey in Chromium", () => {
  it("shopper, bar at the top, 1280 px, English: below, reached, closed for the visit, one bar in the cart", async () => {
    await shopperJourney({
      width: "desktop",
      locale: "en",
      position: "top",
      country: "US",
      words: ENGLISH,
      // $24.00 + $14.00 + $18.00 + $8.50 + $18.00 = $82.50
      fill: [variantId("cotton-beach-towel"), variantId("ceramic-mug"), variantId("olive-oil-soap"), variantId("mountain-tea")],
      shots: { product: "shipping-product-1280", reached: "shipping-reached-1280", cart: "shipping-cart-1280" },
    });
  });

  it("shopper, bar at the top, 375 px, Greek paying in euros: the longest message wraps and keeps its amount", async () => {
    await shopperJourney({
      width: "phone",
      locale: "el",
      position: "top",
      country: "GR",
      words: GREEK,
      fill: [variantId("cotton-beach-towel"), variantId("olive-oil-soap"), variantId("mountain-tea")],
      shots: { product: "shipping-product-375-el", cart: "shipping-cart-375-el" },
    });
  });

  it("shopper, bar at the bottom, 375 px English and 1280 px Greek in the merchant's colours: it never covers the end of the page", async () => {
    await shopperJourney({
      width: "phone",
      locale: "en",
      position: "bottom",
      country: "US",
      words: ENGLISH,
      fill: [variantId("cotton-beach-towel"), variantId("ceramic-mug"), variantId("olive-oil-soap"), variantId("mountain-tea")],
      shots: { product: "shipping-bottom-375" },
    });
    await shopperJourney({
      width: "desktop",
      locale: "el",
      position: "bottom",
      country: "GR",
      words: GREEK,
      fill: [variantId("cotton-beach-towel"), variantId("olive-oil-soap"), variantId("mountain-tea")],
      shots: { product: "shipping-bottom-1280-el" },
      colors: {
        settings: { background: "#0b3d2e", text_color: "#ffffff", bar_color: "#f5c518" },
        computed: ["rgb(11, 61, 46)", "rgb(255, 255, 255)", "rgb(245, 197, 24)"],
      },
    });
  });

  it("merchant's free-shipping page at 1280, 1024 and 375 px: amounts in the shop's format, the bar previewed at the top or bottom", async () => {
    const admin = demo.urls.admin.replace("localhost", "127.0.0.1");
    for (const width of ["desktop", "laptop", "phone"] as const) {
      await page.setViewportSize(VIEWPORTS[width]);
      await page.goto(`${admin}/free-shipping`);
      // The first visit compiles the admin in the Vite dev server: allow it time.
      await page.getByRole("heading", { name: "Free shipping", level: 1 }).waitFor({ timeout: 90_000 });
      const preview = page.locator("[data-preview-position]");
      await preview.waitFor();
      expect(await text(page, "[data-preview-message]")).toBe("Free shipping on orders over $75.00");
      const body = await page.locator("body").innerText();
      expect(body).toContain("Shoppers see $75.00."); // the base threshold, under its field
      expect(body).toContain("€60.00"); // the Europe zone's threshold
      expect(body).not.toMatch(/\d[.,]\d\d ?[A-Z]{3}\b/); // never "50.00 USD"
      expect(await horizontalOverflow(page)).toBe(0);

      // Chosen again until the page has hydrated and the preview follows.
      const position = await waitFor(
        async () => {
          await page.getByLabel("Position").selectOption("bottom");
          return preview.getAttribute("data-preview-position");
        },
        (value) => value === "bottom",
        20_000,
      );
      expect(position).toBe("bottom");
      await page.getByLabel("Cart currency").selectOption("EUR");
      await page.getByLabel("Shipping to").selectOption("GR");
      await page.getByLabel("Language").selectOption("el");
      expect(await text(page, "[data-preview-message]")).toBe("Δωρεάν αποστολή για παραγγελίες άνω των €60.00");
      expect(await page.getByRole("link", { name: "Open the theme editor" }).getAttribute("href")).toContain(
        "/admin/themes/current/editor?context=apps&activateAppId=",
      );
      expect(await horizontalOverflow(page)).toBe(0);
      await saveScreenshot(page, `shipping-admin-${VIEWPORTS[width].width}`);
    }
  });

  it("raised no errors in the admin's console and no failed requests", () => {
    expect(pageErrors).toEqual([]);
  });
});
