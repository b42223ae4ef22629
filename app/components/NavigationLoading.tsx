import { useNavigation } from "@remix-run/react";
import { Loading } from "@shopify/polaris";
import { useEffect } from "react";
import { useEmbedded } from "./useEmbedded";

/**
 * The loading bar while a page or a form's answer loads: Shopify admin's own (App Bridge) when
 * embedded, Polaris' in the layout's Frame otherwise (render it inside the Frame).
 */
export function NavigationLoading() {
  const busy = useNavigation().state !== "idle";
  const embedded = useEmbedded();
  useEffect(() => {
    // window.shopify is App Bridge's global: present only inside Shopify admin.
    if (embedded && window.shopify) window.shopify.loading(busy);
  }, [embedded, busy]);
  return !embedded && busy ? <Loading /> : null;
}
