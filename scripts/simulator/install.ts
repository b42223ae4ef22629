// What OAuth leaves in the app's session storage when a merchant installs it: the shop's
// offline access token. The simulator has no OAuth, so the demo and tests store it directly.
import { Session } from "@shopify/shopify-api";

export async function storeOfflineSession(
  sessionStorage: { storeSession(session: Session): Promise<boolean> },
  { shop, accessToken, scope }: { shop: string; accessToken: string; scope: string },
): Promise<void> {
  await sessionStorage.storeSession(new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken, scope }));
}
