// What the end-to-end tests share: the demo (app, simulator, storefront, mail sink) on its own
// ports and SQLite file, Chromium on one page that records every error the browser sees, and
// polling for what the background worker does.
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { chromium, type Browser, type Page } from "playwright-core";
import { demoPorts, startDemo, type Demo } from "../../scripts/demo";
import type { Db } from "../../app/db.server";
import { readClickToken } from "../../app/emails/tracking";

export { waitFor } from "../support/wait-for";

export interface BrowserDemo {
  demo: Demo;
  /** A client of the demo's database. */
  db: Db;
  browser: Browser;
  page: Page;
  /** Uncaught errors, console errors and responses of 400 or more seen by `page`: a test ends by expecting none. */
  pageErrors: string[];
}

/**
 * Starts the demo on five ports from `firstPort` (app, simulator, storefront, mail viewer,
 * SMTP) with a fresh SQLite database named after `name`, and opens Chromium on one page.
 * Each test file needs its own range of ports. Stop it with stopBrowserDemo in afterAll.
 */
export async function startBrowserDemo({ firstPort: filePort, name }: { firstPort: number; name: string }): Promise<BrowserDemo> {
  // E2E_PORT_OFFSET moves every file's range, so two checkouts can run their e2e tests side by side.
  const firstPort = filePort + Number(process.env.E2E_PORT_OFFSET ?? 0);
  const demo = await startDemo({
    ...demoPorts(firstPort),
    databaseUrl: `file:${path.join(tmpdir(), `${name}-${randomBytes(4).toString("hex")}.sqlite`)}`,
    log: () => {},
  });
  const started: Partial<BrowserDemo> = { demo };
  try {
    // Imported after the demo has set DATABASE_URL: db.server connects on import.
    const { createDb } = await import("../../app/db.server");
    started.db = createDb(demo.databaseUrl);
    started.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    const page = await started.browser.newPage();
    const pageErrors = collectPageErrors(page);
    return { demo, db: started.db, browser: started.browser, page, pageErrors };
  } catch (error) {
    await stopBrowserDemo(started);
    throw error;
  }
}

/** Closes the browser, the database client and the demo; safe on a demo that did not fully start. */
export async function stopBrowserDemo(session: Partial<BrowserDemo> | undefined): Promise<void> {
  await session?.browser?.close();
  await session?.db?.$disconnect();
  await session?.demo?.stop();
}

/** Collects what goes wrong on `page`: hydration failures and uncaught errors show only in the console. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // Failed requests are reported with their URL below.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (response.status() >= 400 && url.pathname !== "/favicon.ico") errors.push(`${response.status()} ${url.href}`);
  });
  return errors;
}

/** The widths every journey is looked at: a laptop, a small laptop (admin only) and a phone. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  laptop: { width: 1024, height: 768 },
  phone: { width: 375, height: 812 },
} as const;

export type ViewportName = keyof typeof VIEWPORTS;

/**
 * How many CSS pixels the page is wider than the viewport: 0 when nothing scrolls sideways.
 * Elements that clip their own overflow (tables in a scroll container) do not count.
 */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth));
}

const SCREENSHOT_DIR = path.join(import.meta.dirname, "../../docs/screenshots");

/** Saves a full-page screenshot as docs/screenshots/<name>.png; the README links them. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // caret "initial": hiding the caret sets an inline style on every input, which React reports as a
  // hydration mismatch when the page is still hydrating.
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, caret: "initial" });
}

/** An email's HTML with its tracked links (open and click tracking is on by default) turned back into the URLs signed into them. */
export const untracked = (html: string | undefined | null) =>
  (html ?? "").replace(/href="([^"]*\/email\/click\?t=[^"]*)"/g, (whole, href: string) => {
    const target = readClickToken(
      new URL(href.replace(/&amp;/g, "&")).searchParams.get("t") ?? "",
      process.env.SHOPIFY_API_SECRET!,
    )?.target;
    return target ? `href="${target.replace(/&/g, "&amp;")}"` : whole;
  });

/** Logs `customer` in on the storefront preview, as its login page offers each demo customer. */
export async function logInOnStorefront(page: Page, storefrontUrl: string, customer: { email: string }): Promise<void> {
  await page.goto(`${storefrontUrl}/account/login`);
  await page.getByRole("button", { name: new RegExp(customer.email.replace(/\./g, "\\.")) }).click();
  await page.waitForURL((url) => !url.pathname.endsWith("/login"));
}
