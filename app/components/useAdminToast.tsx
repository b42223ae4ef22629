import { Toast } from "@shopify/polaris";
import { useCallback, useState, type ReactNode } from "react";
import { useEmbedded } from "./useEmbedded";

export interface AdminToast {
  /** Call from an event handler or an effect, never while rendering. */
  show(message: string, options?: { error?: boolean }): void;
  /** Render this somewhere in the page: the Polaris toast outside Shopify admin (null when embedded). */
  toast: ReactNode;
}

/**
 * A short confirmation message. Embedded: App Bridge's toast (shown by Shopify admin, outside
 * the app's iframe). Standalone: Polaris' Toast, which needs the layout's Frame.
 */
export function useAdminToast(): AdminToast {
  const embedded = useEmbedded();
  const [current, setCurrent] = useState<{ id: number; message: string; error: boolean } | null>(null);
  const show = useCallback(
    (message: string, options: { error?: boolean } = {}) => {
      // window.shopify is App Bridge's global; useAppBridge() would throw in the standalone demo.
      if (embedded && window.shopify) window.shopify.toast.show(message, { isError: options.error ?? false });
      else setCurrent({ id: Date.now(), message, error: options.error ?? false });
    },
    [embedded],
  );
  const toast = current ? (
    <Toast key={current.id} content={current.message} error={current.error} onDismiss={() => setCurrent(null)} />
  ) : null;
  return { show, toast };
}
