import { describe, expect, it } from "vitest";
import { seedDemoShop } from "../../scripts/simulator/demo-store";
import { createState } from "../../scripts/simulator/state";
import { orderPayload } from "../../scripts/simulator/webhook-payloads";
import { OrderPayload, orderRowFromPayload } from "./order-webhooks";

describe("orderRowFromPayload", () => {
  it("keeps the shipping address's country, which picks the free-shipping threshold", () => {
    const shop = seedDemoShop(createState(), { baseUrl: "http://127.0.0.1:9" });
    const greek = shop.orders.find((order) => order.shippingCountryCode === "GR")!;
    const body = OrderPayload.parse(JSON.parse(JSON.stringify(orderPayload(shop, greek, "5.00"))));
    expect(orderRowFromPayload(shop.domain, body).shippingCountry).toBe("GR");
    const noAddress = OrderPayload.parse({ ...body, shipping_address: null });
    expect(orderRowFromPayload(shop.domain, noAddress).shippingCountry).toBeNull();
    const lowerCase = OrderPayload.parse({ ...body, shipping_address: { country_code: "de" } });
    expect(orderRowFromPayload(shop.domain, lowerCase).shippingCountry).toBe("DE");
  });
});
