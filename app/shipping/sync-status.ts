// What the free-shipping page says about a discount's sync with Shopify, as text made on the
// server in the shop's time zone, so the server and the browser render the same.
import { dateFormatter } from "../lib/format";

export interface SyncStatus {
  tone: "success" | "critical" | "attention";
  text: string;
}

/** "Pending" while a sync job is queued or running, else the last error, else when it last synced. */
export function syncStatus(
  state: { syncedAt: Date | null; syncError: string | null },
  { pendingJobs, timeZone }: { pendingJobs: number; timeZone: string },
): SyncStatus {
  if (pendingJobs > 0) return { tone: "attention", text: "Pending" };
  if (state.syncError) return { tone: "critical", text: `Error: ${state.syncError}` };
  if (state.syncedAt) return { tone: "success", text: `Synced at ${dateFormatter(timeZone)(state.syncedAt)}` };
  return { tone: "attention", text: "Pending" };
}
