// The demo shop tests and the demo start from: a small catalogue with simulator-served images,
// English- and Greek-speaking customers, and a few past orders at different stages.
import { createHash } from "node:crypto";
import { escapeHtml, isoTimestamp } from "./common";
import { nextGid, type Product, type ShopState, type SimulatorState } from "./state";
import { addCustomer, addFulfillment, addOrder, markDelivered } from "./store-actions";
import { demoTheme } from "./themes";

export const DEMO_SHOP_DOMAIN = "demo-retention.myshopify.com";
/** The offline token the app must hold for the demo shop (the simulator has no OAuth to issue one). */
export const DEMO_ACCESS_TOKEN = "shpat_simulator_demo_retention_0000000000";

interface DemoProduct {
  handle: string;
  title: string;
  description: string;
  vendor: string;
  variants: { title: string; price: string; sku: string }[];
}

const PRODUCTS: DemoProduct[] = [
  {
    handle: "olive-oil-soap",
    title: "Olive Oil Soap",
    description: "Cold-pressed olive oil soap from Crete.",
    vendor: "Kriti Naturals",
    variants: [{ title: "Default Title", price: "8.50", sku: "SOAP-OLIVE" }],
  },
  {
    handle: "ceramic-mug",
    title: "Ceramic Mug",
    description: "Hand-thrown stoneware mug, 350 ml.",
    vendor: "Sifnos Pottery",
    variants: [
      { title: "White", price: "18.00", sku: "MUG-WHITE" },
      { title: "Aegean Blue", price: "18.00", sku: "MUG-BLUE" },
    ],
  },
  {
    handle: "linen-tote-bag",
    title: "Linen Tote Bag",
    description: "Washed linen tote with inner pocket.",
    vendor: "Demo Retention Store",
    variants: [{ title: "Default Title", price: "24.00", sku: "TOTE-LINEN" }],
  },
  {
    handle: "mountain-tea",
    title: "Mountain Tea",
    description: "Wild-harvested sideritis, 50 g.",
    vendor: "Olympus Herbs",
    variants: [{ title: "Default Title", price: "6.90", sku: "TEA-MOUNTAIN" }],
  },
  {
    handle: "thyme-honey",
    title: "Thyme Honey",
    description: "Raw thyme honey from Kythira.",
    vendor: "Kythira Apiaries",
    variants: [
      { title: "250 g", price: "14.50", sku: "HONEY-250" },
      { title: "450 g", price: "22.00", sku: "HONEY-450" },
    ],
  },
  {
    handle: "cotton-beach-towel",
    title: "Cotton Beach Towel",
    description: "Striped peshtemal, 100 × 180 cm.",
    vendor: "Demo Retention Store",
    variants: [{ title: "Default Title", price: "32.00", sku: "TOWEL-BEACH" }],
  },
  {
    handle: "scented-candle",
    title: "Scented Candle",
    description: "Fig leaf soy candle, 40 hours.",
    vendor: "Demo Retention Store",
    variants: [{ title: "Default Title", price: "21.00", sku: "CANDLE-FIG" }],
  },
  {
    handle: "leather-sandals",
    title: "Leather Sandals",
    description: "Handmade in Athens from vegetable-tanned leather.",
    vendor: "Athens Sandals",
    variants: [
      { title: "38", price: "79.00", sku: "SANDAL-38" },
      { title: "40", price: "79.00", sku: "SANDAL-40" },
      { title: "42", price: "79.00", sku: "SANDAL-42" },
    ],
  },
];

const CUSTOMERS = [
  { email: "alex.morgan@example.com", firstName: "Alex", lastName: "Morgan", locale: "en", emailMarketingConsent: "SUBSCRIBED" },
  {
    email: "maria.papadopoulou@example.com",
    firstName: "Μαρία",
    lastName: "Παπαδοπούλου",
    locale: "el",
    emailMarketingConsent: "SUBSCRIBED",
  },
  { email: "nikos.georgiou@example.com", firstName: "Νίκος", lastName: "Γεωργίου", locale: "el", emailMarketingConsent: "NOT_SUBSCRIBED" },
  { email: "emma.clarke@example.com", firstName: "Emma", lastName: "Clarke", locale: "en", emailMarketingConsent: "SUBSCRIBED" },
  { email: "eleni.dimitriou@example.com", firstName: "Ελένη", lastName: "Δημητρίου", locale: "el", emailMarketingConsent: "UNSUBSCRIBED" },
] as const;

function productImageUrl(baseUrl: string, handle: string): string {
  return `${baseUrl}/cdn/shop/products/${handle}.svg`;
}

/** A placeholder product photo: a tinted square with the product's name. */
export function productImageSvg(product: Product): string {
  const hue = createHash("sha256").update(product.handle).digest().readUInt16BE(0) % 360;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">`,
    `<rect width="600" height="600" fill="hsl(${hue} 55% 82%)"/>`,
    `<circle cx="300" cy="250" r="120" fill="hsl(${hue} 45% 60%)"/>`,
    `<text x="300" y="470" font-family="Helvetica, Arial, sans-serif" font-size="40" text-anchor="middle" fill="hsl(${hue} 40% 25%)">${escapeHtml(product.title)}</text>`,
    `</svg>`,
  ].join("");
}

const daysAgo = (days: number) => isoTimestamp(new Date(Date.now() - days * 24 * 60 * 60 * 1000));

/** Adds the demo shop to `state` (replacing one with the same domain) and returns it. */
export function seedDemoShop(state: SimulatorState, options: { baseUrl: string; accessToken?: string }): ShopState {
  const shop: ShopState = {
    domain: DEMO_SHOP_DOMAIN,
    name: "Demo Retention Store",
    email: "owner@demo-retention.example.com",
    currencyCode: "USD",
    ianaTimezone: "Europe/Athens",
    primaryLocale: "en",
    alternateLocales: ["el"],
    enabledPresentmentCurrencies: ["USD", "EUR", "GBP"],
    moneyFormat: "${{amount}}",
    accessToken: options.accessToken ?? DEMO_ACCESS_TOKEN,
    uninstalledAt: null,
    products: PRODUCTS.map((product) => ({
      id: nextGid(state, "Product"),
      handle: product.handle,
      title: product.title,
      description: product.description,
      vendor: product.vendor,
      imageUrl: productImageUrl(options.baseUrl, product.handle),
      variants: product.variants.map((variant) => ({ id: nextGid(state, "ProductVariant"), ...variant })),
    })),
    customers: [],
    orders: [],
    discounts: [],
    metafields: [],
    files: [],
    stagedUploads: [],
    themes: [demoTheme(state)],
  };
  // Product images are MediaImage files, as in Shopify: Product.featuredMedia and Files list them.
  const seededAt = isoTimestamp();
  for (const product of shop.products) {
    if (!product.imageUrl) continue;
    product.imageMediaId = nextGid(state, "MediaImage");
    shop.files.push({
      id: product.imageMediaId,
      alt: product.title,
      url: product.imageUrl,
      mimeType: "image/svg+xml",
      createdAt: seededAt,
    });
  }
  state.shops.set(shop.domain, shop);

  const [alex, maria, nikos, emma] = CUSTOMERS.map((customer, index) =>
    addCustomer(state, shop, { ...customer, createdAt: daysAgo(90 - index * 10) }),
  );
  const variant = (handle: string, index = 0) => {
    const product = shop.products.find((candidate) => candidate.handle === handle);
    if (!product) throw new Error(`Demo catalogue has no ${handle}`);
    return product.variants[index].id;
  };

  // Past orders, created directly: they happened before the app was installed, so no webhooks.
  const mariaOrder = addOrder(state, shop, {
    customerId: maria.id,
    lines: [
      { variantId: variant("thyme-honey", 1), quantity: 2 },
      { variantId: variant("ceramic-mug", 1), quantity: 1 },
    ],
    presentmentCurrency: "EUR",
    shippingCountry: "GR",
    processedAt: daysAgo(40),
  });
  addFulfillment(state, mariaOrder, daysAgo(38));
  markDelivered(mariaOrder, daysAgo(35));

  const alexOrder = addOrder(state, shop, {
    customerId: alex.id,
    lines: [{ variantId: variant("leather-sandals", 1), quantity: 1 }],
    shippingCountry: "US",
    processedAt: daysAgo(20),
  });
  addFulfillment(state, alexOrder, daysAgo(19));
  markDelivered(alexOrder, daysAgo(14));

  const emmaOrder = addOrder(state, shop, {
    customerId: emma.id,
    lines: [
      { variantId: variant("scented-candle"), quantity: 1 },
      { variantId: variant("linen-tote-bag"), quantity: 1 },
    ],
    presentmentCurrency: "GBP",
    shippingCountry: "GB",
    processedAt: daysAgo(10),
  });
  addFulfillment(state, emmaOrder, daysAgo(9));

  addOrder(state, shop, {
    customerId: nikos.id,
    lines: [{ variantId: variant("mountain-tea"), quantity: 3 }],
    presentmentCurrency: "EUR",
    shippingCountry: "GR",
    processedAt: daysAgo(3),
  });
  return shop;
}
