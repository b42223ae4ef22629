import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { log } from "./lib/log.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// The production server answers webhook deliveries with this on Node's own request, without
// Remix's router or a Fetch request (scripts/server-app.ts; ADR 0020): the build is how the
// server reaches the app's modules and their database client.
export { webhookIntake } from "./webhooks/intake.server";

// Single fetch rejects promises a loader streams (the dashboard's theme check) that are still
// pending after this long; React is aborted a second later, once their rejections have flushed.
export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        log.error({ err: error }, "rendering the page failed");
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
