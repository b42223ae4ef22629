// In-memory state of the simulated Shopify store(s). Shared by the Admin GraphQL
// server, the webhook sender, the control API and the storefront preview.
// IDs are Shopify GIDs ("gid://shopify/Product/1"); numeric ids are their last segment.

export interface Money {
  amount: string; // decimal string, e.g. "19.99"
  currencyCode: string;
}

export interface Metafield {
  id: string;
  ownerId: string; // GID of shop / product / customer / ...
  namespace: string; // e.g. "reviews", "$app", "app--123--retention" (app-reserved namespaces are stored resolved)
  key: string;
  type: string; // e.g. "rating", "number_integer", "json", "single_line_text_field"
  value: string;
  updatedAt: string;
}

export interface Variant {
  id: string;
  title: string;
  price: string; // shop currency
  sku?: string;
}

export interface Product {
  id: string;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  imageUrl?: string;
  imageMediaId?: string; // gid://shopify/MediaImage/N: the product's featured media, the image at imageUrl
  variants: Variant[];
}

export interface Customer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  emailMarketingConsent: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED";
  emailMarketingConsentUpdatedAt: string | null; // null until the consent changes
  createdAt: string;
}

export interface LineItem {
  id: string;
  productId: string;
  variantId: string;
  title: string;
  quantity: number;
  price: string; // per unit, shop currency (tax included when the order's taxesIncluded)
  tax: string; // the line's tax after discounts, shop currency ("0.00" when the shop charges none)
}

export interface Refund {
  id: string;
  createdAt: string;
  note?: string;
  // subtotal: what the units cost after discounts (tax included when the order's taxesIncluded); tax: their tax
  // restockType: Shopify's RefundLineItemRestockType, lower case ("return" for fulfilled units, "cancel" for unfulfilled ones)
  lineItems: { lineItemId: string; quantity: number; subtotal: string; tax: string; restockType: "no_restock" | "return" | "cancel" }[];
  amount: string; // shop currency, all of it: to the original payment plus to store credit
  storeCredit: string; // the part issued as store credit instead of going back to the payment method
  paymentStatus: "success" | "pending"; // the original payment's refund transaction (a bank refund can stay pending)
}

export interface Order {
  id: string;
  name: string; // "#1001"
  email: string | null;
  customerId: string | null; // null: a guest checkout (Shopify's Order.customer is null then)
  buyer: { firstName: string; lastName: string }; // the name on the order's addresses
  test: boolean; // paid through Shopify's Bogus Gateway or a gateway in test mode
  currencyCode: string; // shop currency
  presentmentCurrencyCode: string;
  presentmentRate: string; // presentment = shop * rate
  lineItems: LineItem[];
  subtotalPrice: string; // line items after discounts (tax included when taxesIncluded)
  taxesIncluded: boolean; // the shop's prices included tax at checkout (EU, UK, AU shops)
  taxTitle: string; // the tax's name on tax lines, e.g. "VAT"
  taxRate: number; // e.g. 0.24; 0 when the shop charges no tax
  shippingPrice: string; // the shipping line's price before shipping discounts
  totalShipping: string; // after shipping discounts
  shippingTax: string; // tax on shipping after discounts
  totalTax: string; // line items' and shipping's tax
  totalDiscounts: string;
  totalPrice: string;
  financialStatus: "PENDING" | "PAID" | "PARTIALLY_REFUNDED" | "REFUNDED" | "VOIDED";
  fulfillmentStatus: "UNFULFILLED" | "FULFILLED";
  discountCodes: string[];
  shippingDiscount: { title: string; code: string | null } | null; // the discount that waived shipping, if one did
  shippingCountryCode: string | null;
  processedAt: string;
  cancelledAt: string | null;
  fulfillments: { id: string; createdAt: string; deliveredAt: string | null }[];
  refunds: Refund[];
}

export interface Discount {
  id: string; // gid://shopify/DiscountCodeNode/N or gid://shopify/DiscountAutomaticNode/N
  kind: "code_basic" | "code_free_shipping" | "automatic_free_shipping";
  title: string;
  code: string | null;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  customerIds: string[] | null; // null = all customers
  value: { percentage?: number; amount?: string; appliesOnEachItem?: boolean } | null;
  minimumSubtotal: string | null;
  destinationCountryCodes: string[] | null; // null = all countries
  createdAt: string;
  includeRestOfWorld?: boolean; // with destinationCountryCodes: also every unlisted country
  combinesWith?: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

/**
 * A credit on a store-credit account (StoreCreditAccountCreditTransaction). Debits (store credit
 * spent at checkout), their reverts and expirations are not modelled.
 */
export interface StoreCreditTransaction {
  id: string; // gid://shopify/StoreCreditAccountCreditTransaction/N
  amount: string; // the account's currency
  balanceAfterTransaction: string;
  createdAt: string;
  expiresAt: string | null;
  event: "ADJUSTMENT" | "ORDER_REFUND"; // StoreCreditSystemEvent: issued by staff or an app, or by a refund to store credit
}

/** A customer's store-credit account in one currency (Shopify keeps one per owner and currency). */
export interface StoreCreditAccount {
  id: string; // gid://shopify/StoreCreditAccount/N
  ownerId: string; // Customer GID
  currencyCode: string;
  balance: string;
  transactions: StoreCreditTransaction[]; // oldest first
}

export interface StoredFile {
  id: string;
  alt: string;
  url: string; // served by the simulator
  mimeType: string;
  createdAt: string;
  bytes?: Buffer; // content served at `url` when the file came from a staged upload
}

export interface StagedUpload {
  resourceUrl: string;
  filename: string;
  mimeType: string;
  bytes: Buffer | null;
}

export interface ThemeFile {
  filename: string; // "templates/product.json"
  content: string;
  updatedAt: string;
}

export interface Theme {
  id: string; // gid://shopify/OnlineStoreTheme/N
  name: string;
  role: "MAIN" | "UNPUBLISHED" | "DEVELOPMENT" | "DEMO" | "ARCHIVED" | "LOCKED";
  createdAt: string;
  updatedAt: string;
  files: ThemeFile[];
}

export interface MetaobjectFieldDefinition {
  key: string;
  name: string;
  type: string; // a metafield type, e.g. "rating", "product_reference", "list.url"
  required: boolean;
}

export interface MetaobjectDefinition {
  id: string; // gid://shopify/MetaobjectDefinition/N
  type: string; // "product_review"
  name: string;
  fieldDefinitions: MetaobjectFieldDefinition[];
  createdAt: string;
}

export interface Metaobject {
  id: string; // gid://shopify/Metaobject/N
  type: string;
  handle: string; // unique within its type
  fields: { key: string; value: string }[]; // the fields that have a value
  createdAt: string;
  updatedAt: string;
}

/** A trigger flowTriggerReceive took (./flow.ts). */
export interface ReceivedFlowTrigger {
  handle: string;
  payload: Record<string, unknown>;
  receivedAt: string;
}

export interface ShopState {
  domain: string; // "demo-shop.myshopify.com"
  name: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  primaryLocale: string;
  enabledPresentmentCurrencies: string[];
  shipsToCountries?: string[]; // the countries of the shop's shipping zones; DEFAULT_SHIPS_TO_COUNTRIES unless set
  moneyFormat: string; // "${{amount}}"
  taxesIncluded?: boolean; // prices include tax (as EU, UK and AU shops set it); false unless set
  tax?: { title: string; rate: number }; // the one tax the shop charges on products and shipping; none unless set
  // Whether the app is approved for protected customer data (Shopify's level 2: names, emails,
  // phones, addresses); without it webhook payloads leave those fields out. Approved unless false.
  protectedCustomerData?: boolean;
  accessToken: string; // the offline token the app holds for this shop
  grantedScopes?: string[]; // what the merchant granted when the app was installed (the app TOML's scopes then); none before
  products: Product[];
  customers: Customer[];
  orders: Order[];
  discounts: Discount[];
  storeCreditAccounts?: StoreCreditAccount[]; // none until the first credit
  metafields: Metafield[];
  files: StoredFile[];
  stagedUploads: StagedUpload[];
  themes?: Theme[]; // none unless set: the Admin API then lists no theme
  metaobjectDefinitions?: MetaobjectDefinition[]; // none until one is created or a standard one enabled
  metaobjects?: Metaobject[];
  alternateLocales?: string[]; // published locales besides primaryLocale
  primaryDomainUrl?: string; // the storefront's address; https://{domain} unless set (the demo points it at the storefront preview)
  uninstalledAt?: string | null; // set by app/uninstalled: the access token stops working
  flowTriggers?: ReceivedFlowTrigger[]; // oldest first; none until the app sends one
}

export interface SimulatorState {
  shops: Map<string, ShopState>;
  nextId: number;
}

export function createState(): SimulatorState {
  return { shops: new Map(), nextId: 1000 };
}

export function nextGid(state: SimulatorState, type: string): string {
  state.nextId += 1;
  return `gid://shopify/${type}/${state.nextId}`;
}

export function numericId(gid: string): number {
  return Number(gid.split("/").pop());
}
