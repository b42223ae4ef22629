// The merchant's locale for numbers and money on admin pages, read from the request so the
// server's rendering and the browser's agree: Shopify admin names the admin's language in the
// `locale` parameter when it opens the app; otherwise the browser's first Accept-Language.

const FALLBACK = "en";

function supported(tag: string | null | undefined): string | null {
  const trimmed = tag?.trim();
  if (!trimmed) return null;
  try {
    return Intl.NumberFormat.supportedLocalesOf([trimmed])[0] ?? null;
  } catch {
    // Not a language tag at all.
    return null;
  }
}

export function merchantLocale(request: Request): string {
  const fromAdmin = supported(new URL(request.url).searchParams.get("locale"));
  if (fromAdmin) return fromAdmin;
  // "el-GR,el;q=0.9,en;q=0.8": the first is the preferred one.
  const fromBrowser = supported(request.headers.get("accept-language")?.split(",")[0]?.split(";")[0]);
  return fromBrowser ?? FALLBACK;
}
