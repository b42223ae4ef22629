/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { RewardsPage } from "./RewardsPage";

export default async () => {
  render(<RewardsPage />, document.body);
};
