/** @jsxImportSource preact */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { ProfileBlock } from "./ProfileBlock";

export default async () => {
  render(<ProfileBlock />, document.body);
};
