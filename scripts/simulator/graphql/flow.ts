// Shopify Flow: flowTriggerReceive, checked and recorded as ../flow.ts describes.
import { receiveFlowTrigger } from "../flow";
import type { AdminContext, ResolverModule, Root } from "./context";

export const flowResolvers: ResolverModule = {
  fields: {
    Mutation: {
      flowTriggerReceive: (_root: Root, args: { handle?: string | null; payload?: unknown }, ctx: AdminContext) => ({
        userErrors: receiveFlowTrigger(ctx.shop, ctx.appConfigPath, args.handle, args.payload),
      }),
    },
  },
};
