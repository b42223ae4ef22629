/**
 * Downloads a file from one of the admin's resource routes. A fetch, not a link: inside
 * Shopify admin App Bridge adds the session token to fetches. The name comes from the
 * response's Content-Disposition, `fallbackName` when it has none.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Download failed (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
