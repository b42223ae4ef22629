// Routes that UI extensions (customer accounts, the thank-you page) call from Shopify's origins.
// Extensions send no cookies, only their session token, so any origin may read the answers; the
// headers go on every answer, the 401s, 429s and 503s included, or the browser hides those from
// the extension too (the library adds them to the answers it lets through, not to its 401s).
// The routes live under /extension-api: on its tunnel `shopify app dev` sends /extensions to its
// own UI-extension server.
import { publicRoute } from "./public-route.server";

function withCors(response: Response): Response {
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  response.headers.set("Access-Control-Expose-Headers", "Retry-After");
  return response;
}

/** Wraps an extension route's loader or action: CORS on whatever it answers or throws, 503 on a database outage. */
export function extensionRoute<Args>(handler: (args: Args) => Promise<Response>): (args: Args) => Promise<Response> {
  const route = publicRoute(handler);
  return async (args) => {
    try {
      return withCors(await route(args));
    } catch (thrown) {
      if (thrown instanceof Response) return withCors(thrown);
      throw thrown;
    }
  };
}
