// Product references from an import file → Product GIDs.
import { productIdByHandle, type AdminClient } from "../../shopify/admin.server";

/** Resolves a product reference (GID, numeric id or handle) to a Product GID, or null if unknown. */
export type ProductResolver = (ref: string) => Promise<string | null>;

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/[0-9]+$/;

/**
 * The resolver the import job uses: GIDs and numeric ids are taken as they are (the merchant's
 * own export names the products of this store), handles are looked up with the Admin API.
 * The Admin client is only created when a handle needs it. Results are cached per resolver.
 */
export function productResolver(admin: () => Promise<AdminClient>): ProductResolver {
  let client: Promise<AdminClient> | undefined;
  const cache = new Map<string, Promise<string | null>>();
  return (ref: string) => {
    const key = ref.trim();
    if (PRODUCT_GID.test(key)) return Promise.resolve(key);
    if (/^[0-9]+$/.test(key)) return Promise.resolve(`gid://shopify/Product/${key}`);
    let found = cache.get(key);
    if (!found) {
      if (!client) {
        const created = admin();
        created.catch(() => {
          if (client === created) client = undefined;
        });
        client = created;
      }
      found = client.then((ready) => productIdByHandle(ready, key));
      // A failed lookup (network, throttling) must be retried, not remembered.
      found.catch(() => cache.delete(key));
      cache.set(key, found);
    }
    return found;
  };
}
