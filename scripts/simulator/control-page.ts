// The simulator's control page at "/": plain server-rendered HTML whose forms POST to
// /simulate/... . Every interpolated value goes through `html`, which escapes it.
import { escapeHtml, formatMoney, convert } from "./common";
import { discountStatus, usageCount } from "./discount-rules";
import { currentTotal, totalRefunded } from "./order-totals";
import type { Customer, Order, ShopState, SimulatorState } from "./state";
import type { WebhookDelivery } from "./webhooks";

class SafeHtml {
  constructor(readonly value: string) {}
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, text, index) => out + render(values[index - 1]) + text));
}

const STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2328; }
  h1 { margin-top: 0; } h2 { margin-top: 32px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
  table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
  form.inline { display: inline; } fieldset { border: 1px solid #d0d7de; margin: 8px 0; min-width: 0; }
  label { margin-right: 12px; } .flash { padding: 8px 12px; border-radius: 6px; }
  .scroll { overflow-x: auto; max-width: 100%; } .thumb { width: 32px; height: 32px; border-radius: 4px; vertical-align: middle; }
  select, input { max-width: 100%; } label { display: inline-block; max-width: 100%; } input[type="number"] { width: 4.5em; } .lines { margin: 0; padding-left: 1.1em; } .fields { margin: 8px 0; }
  details.refund { margin-top: 6px; } details.refund summary { cursor: pointer; color: #0969da; }
  @media (max-width: 640px) {
    .stack tr:first-child { display: none; } .stack tr, .stack td { display: block; }
    .stack tr { border-bottom: 1px solid #d0d7de; padding: 6px 0; } .stack td { border: 0; padding: 2px 0; }
  }
  details.refund form { border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; margin-top: 6px; background: #f6f8fa; }
  .ok { background: #dafbe1; } .error { background: #ffebe9; } .muted { color: #656d76; } code { font-size: 12px; }
`;

function button(action: string, label: string, fields: Record<string, string>) {
  return html`<form class="inline" method="post" action="/simulate/${action}">
    ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}<button>${label}</button>
  </form>`;
}

const customerLabel = (customer: Customer) => {
  const name = `${customer.firstName} ${customer.lastName}`.trim();
  return name ? `${name} <${customer.email}>` : customer.email;
};

const unitsRefunded = (order: Order, lineItemId: string) =>
  order.refunds
    .flatMap((refund) => refund.lineItems)
    .filter((line) => line.lineItemId === lineItemId)
    .reduce((sum, line) => sum + line.quantity, 0);

/** What a line's title reads as on the page: the product, and the variant when there is a choice. */
function lineTitle(shop: ShopState, line: Order["lineItems"][number]) {
  const variant = shop.products.find((product) => product.id === line.productId)?.variants.find((v) => v.id === line.variantId);
  return variant && variant.title !== "Default Title" ? `${line.title} – ${variant.title}` : line.title;
}

/**
 * Refunds as in Shopify admin: chosen units of chosen lines (restocked or not), an amount of
 * money (the units' value when left empty, everything left when nothing is chosen), to the
 * original payment or to store credit.
 */
function refundForm(shop: ShopState, order: Order) {
  const left = currentTotal(order);
  return html`<details class="refund">
    <summary>Refund…</summary>
    <form method="post" action="/simulate/refund">
      <input type="hidden" name="shop" value="${shop.domain}" />
      <input type="hidden" name="orderId" value="${order.id}" />
      ${order.lineItems.map((line) => {
        const remaining = line.quantity - unitsRefunded(order, line.id);
        const title = lineTitle(shop, line);
        return html`<div class="fields">
          <label
            >Refund ${title} (${remaining} of ${line.quantity} left)
            <input
              type="number"
              name="refund.${line.id}"
              min="0"
              max="${remaining}"
              value="0"
              aria-label="Units of ${title} to refund"
              ${remaining === 0 ? html`disabled` : ""}
          /></label>
        </div>`;
      })}
      <div class="fields">
        <label><input type="checkbox" name="restock" /> Restock the refunded units</label>
      </div>
      <div class="fields">
        <label
          >Amount (${order.currencyCode})
          <input
            name="amount"
            inputmode="decimal"
            size="8"
            placeholder="${left}"
            aria-describedby="amount-help-${order.id.split("/").pop()}"
        /></label>
        <span class="muted" id="amount-help-${order.id.split("/").pop()}"
          >Empty: the chosen units' value, or everything left (${formatMoney(shop.moneyFormat, left)})</span
        >
      </div>
      <div class="fields">
        <label><input type="radio" name="method" value="original" checked /> Original payment</label>
        <label><input type="radio" name="method" value="store_credit" ${order.customerId ? "" : html`disabled`} /> Store credit</label>
      </div>
      <div class="fields">
        <label>Reason <input name="note" size="24" /></label>
      </div>
      <button>Refund</button>
    </form>
  </details>`;
}

function orderRow(shop: ShopState, order: Order) {
  const customer = shop.customers.find((candidate) => candidate.id === order.customerId);
  const presentment =
    order.presentmentCurrencyCode === order.currencyCode
      ? ""
      : ` (${convert(order.totalPrice, order.presentmentRate)} ${order.presentmentCurrencyCode})`;
  const fields = { shop: shop.domain, orderId: order.id };
  const undelivered = order.fulfillments.some((fulfillment) => fulfillment.deliveredAt === null);
  const refunded = totalRefunded(order);
  const storeCredit = order.refunds.reduce((sum, refund) => sum + Number(refund.storeCredit), 0);
  const refundable = Number(currentTotal(order)) > 0;
  return html`<tr>
    <td>${order.name}<br /><code class="muted">${order.id}</code></td>
    <td>${customer ? `${customer.firstName} ${customer.lastName}` : ""}<br /><span class="muted">${order.email}</span></td>
    <td>
      <ul class="lines">
        ${order.lineItems.map((line) => {
          const back = unitsRefunded(order, line.id);
          return html`<li>
            ${line.quantity} × ${lineTitle(shop, line)}${back ? html` <span class="muted">(${back} refunded)</span>` : ""}
          </li>`;
        })}
      </ul>
    </td>
    <td>${order.processedAt}</td>
    <td>
      ${formatMoney(shop.moneyFormat, order.totalPrice)}${presentment}${order.discountCodes.length ? html`<br /><span class="muted">code ${order.discountCodes.join(", ")}</span>` : ""}
      ${
        Number(refunded) > 0
          ? html`<br /><span class="muted"
                >refunded
                ${formatMoney(shop.moneyFormat, refunded)}${
                  storeCredit > 0 ? ` (${formatMoney(shop.moneyFormat, storeCredit.toFixed(2))} as store credit)` : ""
                }</span
              >`
          : ""
      }
    </td>
    <td>${order.financialStatus}${order.cancelledAt ? html`<br /><strong>CANCELLED</strong>` : ""}</td>
    <td>${order.fulfillmentStatus}${order.fulfillments.some((f) => f.deliveredAt) ? " · delivered" : ""}</td>
    <td>
      ${order.fulfillmentStatus === "UNFULFILLED" && !order.cancelledAt ? button("fulfil", "Fulfil", fields) : ""}
      ${undelivered ? button("deliver", "Deliver", fields) : ""} ${refundable ? button("refund", "Refund all", fields) : ""}
      ${order.cancelledAt ? "" : button("cancel", "Cancel", fields)} ${refundable ? refundForm(shop, order) : ""}
    </td>
  </tr>`;
}

function shopSection(shop: ShopState) {
  const locales = [shop.primaryLocale, ...(shop.alternateLocales ?? [])];
  const variants = shop.products.flatMap((product) =>
    product.variants.map((variant) => ({
      id: variant.id,
      label: `${product.title}${variant.title === "Default Title" ? "" : ` – ${variant.title}`}`,
      price: variant.price,
      imageUrl: product.imageUrl,
    })),
  );
  const orders = [...shop.orders].reverse();
  return html`<section>
    <h2>${shop.name} <span class="muted">${shop.domain}</span></h2>
    <div>
      Currency ${shop.currencyCode} (presentment ${shop.enabledPresentmentCurrencies.join(", ")}) · timezone ${shop.ianaTimezone} · locales
      ${locales.join(", ")} · app ${shop.uninstalledAt ? `uninstalled at ${shop.uninstalledAt}` : "installed"}
      ${shop.uninstalledAt ? button("reinstall", "Reinstall app", { shop: shop.domain }) : button("uninstall", "Uninstall app", { shop: shop.domain })}
      ${button("shop-redact", "Send shop/redact", { shop: shop.domain })}
    </div>

    <form method="post" action="/simulate/orders">
      <fieldset>
        <legend>Place an order</legend>
        <input type="hidden" name="shop" value="${shop.domain}" />
        <label
          >Customer
          <select name="customerId">
            ${shop.customers.map((customer) => html`<option value="${customer.id}">${customerLabel(customer)}</option>`)}
          </select></label
        >
        <div class="scroll">
          <table>
            <tr>
              <th>Product</th>
              <th>Price</th>
              <th>Quantity</th>
            </tr>
            ${variants.map(
              (variant, index) =>
                html`<tr>
                  <td>${variant.imageUrl ? html`<img class="thumb" src="${variant.imageUrl}" alt="" /> ` : ""}${variant.label}</td>
                  <td>${formatMoney(shop.moneyFormat, variant.price)}</td>
                  <td>
                    <input
                      type="number"
                      name="quantity.${variant.id}"
                      min="0"
                      value="${index === 0 ? "1" : "0"}"
                      aria-label="Quantity of ${variant.label}"
                    />
                  </td>
                </tr>`,
            )}
          </table>
        </div>
        <label
          >Currency
          <select name="presentmentCurrency">
            ${shop.enabledPresentmentCurrencies.map(
              (currency) => html`<option${currency === shop.currencyCode ? html` selected` : ""}>${currency}</option>`,
            )}
          </select></label
        >
        <label>Ship to <input name="shippingCountry" value="GR" size="3" /></label>
        <label>Discount code <input name="discountCode" size="12" /></label>
        <button>Place order</button>
      </fieldset>
    </form>

    <form method="post" action="/simulate/customers">
      <fieldset>
        <legend>New customer</legend>
        <input type="hidden" name="shop" value="${shop.domain}" />
        <label>Email <input name="email" type="email" required /></label>
        <label>First name <input name="firstName" /></label>
        <label>Last name <input name="lastName" /></label>
        <label
          >Locale
          <select name="locale">
            ${locales.map((locale) => html`<option>${locale}</option>`)}
          </select></label
        >
        <label><input type="checkbox" name="emailMarketingConsent" value="SUBSCRIBED" /> subscribed to email marketing</label>
        <button>Create customer</button>
      </fieldset>
    </form>

    <h3>Orders</h3>
    <div class="scroll stack">
      <table>
        <tr>
          <th>Order</th>
          <th>Customer</th>
          <th>Items</th>
          <th>Processed</th>
          <th>Total</th>
          <th>Payment</th>
          <th>Fulfilment</th>
          <th></th>
        </tr>
        ${orders.map((order) => orderRow(shop, order))}
      </table>
    </div>

    <h3>Customers</h3>
    <div class="scroll">
      <table>
        <tr>
          <th>Name</th>
          <th>Email</th>
          <th>Locale</th>
          <th>Marketing</th>
          <th></th>
        </tr>
        ${shop.customers.map(
          (customer) =>
            html`<tr>
              <td>${customer.firstName} ${customer.lastName}<br /><code class="muted">${customer.id}</code></td>
              <td>${customer.email}</td>
              <td>${customer.locale}</td>
              <td>${customer.emailMarketingConsent}</td>
              <td>
                ${button("data-request", "Data request", { shop: shop.domain, customerId: customer.id })}
                ${button("customer-redact", "Redact", { shop: shop.domain, customerId: customer.id })}
              </td>
            </tr>`,
        )}
      </table>
    </div>

    <h3>Discounts</h3>
    ${
      shop.discounts.length === 0
        ? html`<p class="muted">None yet: the app creates them through the Admin API.</p>`
        : html`<div class="scroll">
            <table>
              <tr>
                <th>Title</th>
                <th>Code</th>
                <th>Kind</th>
                <th>Status</th>
                <th>Used</th>
              </tr>
              ${shop.discounts.map(
                (discount) =>
                  html`<tr>
                    <td>${discount.title}</td>
                    <td>${discount.code ?? "(automatic)"}</td>
                    <td>${discount.kind}</td>
                    <td>${discountStatus(discount)}</td>
                    <td>${discount.code ? usageCount(shop, discount) : ""}</td>
                  </tr>`,
              )}
            </table>
          </div>`
    }
  </section>`;
}

function deliveriesSection(deliveries: readonly WebhookDelivery[]) {
  const latest = deliveries.slice(-50).reverse();
  return html`<section>
    <h2>Webhook deliveries <span class="muted">(last ${latest.length})</span></h2>
    <div class="scroll">
      <table>
        <tr>
          <th>Triggered</th>
          <th>Topic</th>
          <th>Shop</th>
          <th>URL</th>
          <th>Status</th>
          <th>Attempts</th>
          <th></th>
        </tr>
        ${latest.map(
          (delivery) =>
            html`<tr>
              <td>${delivery.triggeredAt}<br /><code class="muted">${delivery.webhookId}</code></td>
              <td>${delivery.topic}${delivery.forged ? html` <strong>(forged)</strong>` : ""}</td>
              <td>${delivery.shop}</td>
              <td>${delivery.url ?? html`<span class="muted">not subscribed</span>`}</td>
              <td>${delivery.status ?? "—"}${delivery.error ? html`<br /><span class="muted">${delivery.error}</span>` : ""}</td>
              <td>${delivery.attempts}</td>
              <td>${delivery.url ? button("redeliver", "Resend", { webhookId: delivery.webhookId }) : ""}</td>
            </tr>`,
        )}
      </table>
    </div>
  </section>`;
}

/** What the app sent to Shopify Flow (flowTriggerReceive), newest first. Actions are run through POST /simulate/flow-action. */
function flowTriggersSection(state: SimulatorState) {
  const latest = [...state.shops.values()]
    .flatMap((shop) => (shop.flowTriggers ?? []).map((trigger) => ({ shop: shop.domain, ...trigger })))
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .slice(0, 50);
  return html`<section>
    <h2>Shopify Flow triggers received <span class="muted">(last ${latest.length})</span></h2>
    <div class="scroll">
      <table>
        <tr>
          <th>Received</th>
          <th>Trigger</th>
          <th>Shop</th>
          <th>Payload</th>
        </tr>
        ${latest.map(
          (trigger) =>
            html`<tr>
              <td>${trigger.receivedAt}</td>
              <td>${trigger.handle}</td>
              <td>${trigger.shop}</td>
              <td><code>${JSON.stringify(trigger.payload)}</code></td>
            </tr>`,
        )}
      </table>
    </div>
  </section>`;
}

export function renderControlPage(options: {
  state: SimulatorState;
  deliveries: readonly WebhookDelivery[];
  message?: string | null;
  error?: string | null;
}): string {
  const { state, deliveries, message, error } = options;
  return `<!doctype html>${render(
    html`<html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Shopify simulator</title>
        <style>
          ${new SafeHtml(STYLE)}
        </style>
      </head>
      <body>
        <h1>Shopify simulator</h1>
        ${message ? html`<p class="flash ok">${message}</p>` : ""} ${error ? html`<p class="flash error">${error}</p>` : ""}
        ${[...state.shops.values()].map(shopSection)} ${deliveriesSection(deliveries)} ${flowTriggersSection(state)}
      </body>
    </html>`,
  )}`;
}
