import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { AdminToast } from "./useAdminToast";

/**
 * A destructive row action behind a confirmation modal (ConfirmModal): `ask(item)` opens it,
 * `confirm(payload)` posts to the page's action, and the answer shows as a toast and closes it.
 * Other row actions may post through the same `fetcher` to share the toast.
 */
export function useConfirmedAction<Item>(show: AdminToast["show"]) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  const [pending, setPending] = useState<Item | null>(null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    show(fetcher.data.message, { error: !fetcher.data.ok });
    setPending(null);
  }, [fetcher.state, fetcher.data, show]);

  return {
    fetcher,
    /** The item waiting for confirmation, or null when the modal is closed. */
    pending,
    ask: (item: Item) => setPending(item),
    cancel: () => setPending(null),
    confirm: (payload: Record<string, string>) => fetcher.submit(payload, { method: "post" }),
  };
}
