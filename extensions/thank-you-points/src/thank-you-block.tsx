/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { ThankYouBlock } from "./ThankYouBlock";

export default async () => {
  render(<ThankYouBlock />, document.body);
};
