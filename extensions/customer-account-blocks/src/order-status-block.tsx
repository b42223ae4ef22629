/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OrderStatusBlock } from "./OrderStatusBlock";

export default async () => {
  render(<OrderStatusBlock />, document.body);
};
