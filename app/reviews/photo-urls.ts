// Review photos are Shopify Files served from Shopify's CDN, and that CDN resizes an image by query
// parameters: `{{ product | image_url: width: 450 }}` outputs `…/cdn/shop/files/x.jpg?v=1683744744&width=450`,
// `height` and `crop` (top, center, bottom, left, right) go the same way, and an image is never enlarged
// past its original size (https://shopify.dev/docs/api/liquid/filters/image_url). A photo reaches Liquid as
// metafield text, not as an image object `image_url` accepts, so the app builds those URLs itself.
// Assumed from that page: the CDN honours the parameters it documents for `image_url` on file URLs too
// (its output is a plain file URL carrying them).

/** The thumbnails' CSS size (px): 80 in a review, up to 88 in the gallery (snippets/product-reviews-style.liquid). */
export const REVIEW_THUMBNAIL_SIZE = 80;
export const GALLERY_THUMBNAIL_SIZE = 88;
/** The lightbox shows a photo at most 1200 px wide (its <img width>); the CDN sends no more. */
export const LIGHTBOX_WIDTH = 1200;

/** A photo as the storefront shows it: a square thumbnail for 1x and 2x screens, and the lightbox's larger copy. */
export interface SizedPhoto {
  thumbnailSrc: string;
  /** `<1x url> 1x, <2x url> 2x`: the thumbnail's size is fixed, so density descriptors need no `sizes`. */
  thumbnailSrcset: string;
  lightboxSrc: string;
  alt: string;
}

export function resizedPhotoUrl(url: string, size: { width: number; height?: number; crop?: "center" }): string {
  const query = Object.entries(size)
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}

/** Thumbnails are cropped square at the centre, as `object-fit: cover` shows them, so no pixel is sent unseen. */
function squareThumbnail(url: string, displaySize: number, density: 1 | 2): string {
  const side = displaySize * density;
  return resizedPhotoUrl(url, { width: side, height: side, crop: "center" });
}

export function sizedPhoto(url: string, alt: string, thumbnailSize: number): SizedPhoto {
  return {
    thumbnailSrc: squareThumbnail(url, thumbnailSize, 1),
    thumbnailSrcset: `${squareThumbnail(url, thumbnailSize, 1)} 1x, ${squareThumbnail(url, thumbnailSize, 2)} 2x`,
    lightboxSrc: resizedPhotoUrl(url, { width: LIGHTBOX_WIDTH }),
    alt,
  };
}
