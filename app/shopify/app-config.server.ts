// shopify.app.toml is the declarative truth for the app's scopes (Shopify grants what it lists on
// install); the server reads them from there so no second list can drift from it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "smol-toml";

/** The app's shopify.app.toml: at the project root, where `npm start`, the worker and the CLI run. */
export const APP_TOML_PATH = resolve(process.cwd(), "shopify.app.toml");

/** The parts of shopify.app.toml the app and its tools read, as written (each reader checks its own). */
export interface AppToml {
  application_url?: unknown;
  access_scopes?: { scopes?: unknown };
  webhooks?: { api_version?: unknown; subscriptions?: unknown };
  app_proxy?: Record<string, unknown>;
  extension_directories?: unknown;
}

/** A shopify.app.toml, parsed. */
export function readAppToml(tomlPath: string = APP_TOML_PATH): AppToml {
  return parse(readFileSync(tomlPath, "utf8")) as AppToml;
}

/** The `[access_scopes] scopes` of a shopify.app.toml, as a list. */
export function readAppScopes(tomlPath: string = APP_TOML_PATH): string[] {
  const scopes = readAppToml(tomlPath).access_scopes?.scopes;
  if (typeof scopes !== "string") throw new Error(`${tomlPath} has no [access_scopes] scopes`);
  return scopes
    .split(",")
    .map((scope) => scope.trim())
    .filter(Boolean);
}
