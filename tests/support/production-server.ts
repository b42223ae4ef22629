// The production server's stack (scripts/server-app.ts: Express, compression, the Remix
// request handler) serving some of the app's route modules over real HTTP, for tests that
// depend on what happens between the socket and the route.
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { createServerApp } from "../../scripts/server-app";

/** A route module as the build holds it: its loader and/or action. */
type RouteModule = { loader?: unknown; action?: unknown };

export interface ProductionServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `routes` ({ "proxy/loyalty": module }) as resource routes under the root, like the real build
 * does, with the app's webhook route, which the server app takes from every build.
 */
export async function startProductionServer(routes: Record<string, RouteModule>): Promise<ProductionServer> {
  const served = { webhooks: await import("../../app/routes/webhooks"), ...routes };
  const routeEntries = Object.entries(served).map(([routePath, module]) => [
    `routes/${routePath}`,
    { id: `routes/${routePath}`, parentId: "root", path: routePath, index: undefined, caseSensitive: undefined, module },
  ]);
  // The fields of a Vite server build that the Remix request handler reads for resource routes.
  const build = {
    mode: "production",
    basename: "/",
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    isSpaMode: false,
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_singleFetch: false,
      v3_lazyRouteDiscovery: false,
    },
    entry: {
      module: {
        default: () => new Response("Not Found", { status: 404 }),
        webhookIntake: (await import("../../app/entry.server")).webhookIntake,
      },
    },
    assets: { entry: { module: "", imports: [] }, routes: {}, url: "", version: "test" },
    routes: { root: { id: "root", path: "", module: {} }, ...Object.fromEntries(routeEntries) },
  } as unknown as ServerBuild;
  const server: Server = await new Promise((resolve) => {
    const listening = createServer(createServerApp(build, "/nonexistent-build")).listen(0, "127.0.0.1", () => resolve(listening));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
