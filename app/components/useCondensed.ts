import { useBreakpoints } from "@shopify/polaris";
import { useHydrated } from "./useHydrated";

/**
 * True on phone widths (Polaris' smDown, under 768 px) once hydrated: index tables then show each
 * row as one stacked item instead of columns that would scroll sideways. The server's rendering
 * and the browser's first one show the columns, so hydration always matches.
 */
export function useCondensed(): boolean {
  const { smDown } = useBreakpoints();
  return useHydrated() && smDown;
}
