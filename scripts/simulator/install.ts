// What OAuth leaves in the app's session storage when a merchant installs it: the shop's
// offline access token. The simulator has no OAuth, so the demo and tests store it directly.
import { Session } from "@shopify/shopify-api";
import { readAppScopes } from "../../app/shopify/app-config.server";

export async function storeOfflineSession(
  sessionStorage: { storeSession(session: Session): Promise<boolean> },
  // The scopes Shopify grants on install: those shopify.app.toml lists, unless a test says otherwise.
  { shop, accessToken, scope = readAppScopes().join(",") }: { shop: string; accessToken: string; scope?: string },
): Promise<void> {
  await sessionStorage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken, scope }));
}
