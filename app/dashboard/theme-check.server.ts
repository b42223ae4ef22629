// Whether the live theme has the app embed on and the review block on the product page, asked
// of Shopify. The dashboard must render whatever happens, so this never throws: a failure or a
// slow answer is "couldn't check", and the checklist still offers the deep links.
import { fetchMainThemeFiles, type AdminClient } from "../shopify/admin.server";
import { appBlockAdded, embedEnabled, THEME_FILES, type ThemeCheck } from "./onboarding";

const THEME_CHECK_TIMEOUT_MS = 5_000;

export async function checkTheme(admin: AdminClient, timeoutMs = THEME_CHECK_TIMEOUT_MS): Promise<ThemeCheck> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ThemeCheck>((resolve) => {
    timer = setTimeout(() => resolve({ checked: false, reason: "Shopify did not answer in time." }), timeoutMs);
  });
  const check = (async (): Promise<ThemeCheck> => {
    try {
      const theme = await fetchMainThemeFiles(admin, THEME_FILES);
      if (!theme) return { checked: false, reason: "The store has no published theme." };
      return {
        checked: true,
        themeName: theme.themeName,
        embedEnabled: embedEnabled(theme.files["config/settings_data.json"] ?? null),
        reviewBlockAdded: appBlockAdded(theme.files["templates/product.json"] ?? null),
      };
    } catch (error) {
      return { checked: false, reason: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
