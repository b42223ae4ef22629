import { useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";

/** A page of a cursor-paginated list, as the loader returns it. */
export interface ListPage {
  hasNext: boolean;
  hasPrevious: boolean;
  nextCursor: string | null;
  previousCursor: string | null;
}

/**
 * The URL state of a cursor-paginated admin list: `go` to change filters in the URL (back to
 * the first page unless `keepPage`); `pagination` for IndexTable's prop; `loading` while the
 * next page loads.
 */
export function useListPaging() {
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();

  const go = (next: Record<string, string | null | undefined>, { keepPage = false } = {}) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    if (!keepPage) {
      merged.delete("after");
      merged.delete("before");
    }
    setParams(merged, { preventScrollReset: true });
  };

  /** IndexTable's pagination: none when everything fits on one page. */
  const pagination = (page: ListPage) =>
    page.hasNext || page.hasPrevious
      ? {
          hasNext: page.hasNext,
          hasPrevious: page.hasPrevious,
          onNext: () => go({ after: page.nextCursor, before: null }, { keepPage: true }),
          onPrevious: () => go({ before: page.previousCursor, after: null }, { keepPage: true }),
        }
      : undefined;

  return { params, setParams, go, pagination, loading: navigation.state === "loading" };
}

/**
 * useListPaging for a list with a search field (IndexFilters over an IndexTable): `search` as
 * typed, put into the URL once typing pauses.
 */
export function useListQuery(currentSearch: string) {
  const { params, setParams, go, pagination, loading } = useListPaging();
  const [search, setSearch] = useState(currentSearch);

  // The search goes into the URL once typing pauses, not on every key.
  useEffect(() => {
    if (search.trim() === currentSearch) return;
    const timer = setTimeout(() => {
      const merged = new URLSearchParams(params);
      if (search.trim()) merged.set("search", search.trim());
      else merged.delete("search");
      merged.delete("after");
      merged.delete("before");
      setParams(merged, { preventScrollReset: true });
    }, 400);
    return () => clearTimeout(timer);
  }, [search, currentSearch, params, setParams]);

  return { search, setSearch, go, pagination, loading };
}
