// Requests from the app's UI extensions (customer accounts, thank-you page) to the app's
// /extension-api/* routes, with the session token Shopify gives the extension. Every answer becomes
// data or an error message to show: a network failure, a 401, a 429 or a 503 never throws.

/**
 * Where the app runs. The CLI writes the variables of its environment into the bundle: `shopify
 * app dev` sets APP_URL to its tunnel; for `shopify app deploy` set it to shopify.app.toml's
 * application_url (scripts/shopify-app-build.ts does so for `npm test`).
 */
export const APP_URL: string = process.env.APP_URL ?? "";

export type AppAnswer<Data> = { ok: true; data: Data } | { ok: false; status: number; error: string; reason?: string };

interface SessionTokenApi {
  sessionToken: { get(): Promise<string> };
}

export async function appRequest<Data>(
  api: SessionTokenApi,
  path: string,
  init: { method?: "GET" | "POST"; body?: unknown } = {},
): Promise<AppAnswer<Data>> {
  try {
    const token = await api.sessionToken.get();
    const response = await fetch(`${APP_URL}${path}`, {
      method: init.method ?? "GET",
      headers: { Authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = (await response.json().catch(() => ({}))) as Data & { error?: string; reason?: string };
    if (response.ok) return { ok: true, data: body };
    return { ok: false, status: response.status, error: body.error ?? "", reason: body.reason };
  } catch {
    return { ok: false, status: 0, error: "" };
  }
}
