// What every Admin GraphQL resolver receives, and the shapes resolver modules export.
import type { GraphQLResolveInfo } from "graphql";
import type { ShopState, SimulatorState } from "../state";

export interface AdminContext {
  state: SimulatorState;
  shop: ShopState;
  baseUrl: string; // the simulator's own origin: staged upload targets and file URLs point here
  appNamespace: string; // what "$app" resolves to for the calling app: "app--{appId}"
  uploadSecret: string; // signs staged upload targets so the upload endpoint can trust them
  appConfigPath: string; // the app's shopify.app.toml: its Flow extensions are in extensions/ beside it
  /** A userErrors fault a test armed for this request: the root field's payload, answered instead of running it. */
  injected?: { field: string; payload: unknown };
}

/**
 * `args: never` lets each resolver declare its own argument type while still fitting one map
 * (a function taking specific args is assignable to one whose args can never be passed).
 */
export type Resolver<Source> = (source: Source, args: never, ctx: AdminContext, info: GraphQLResolveInfo) => unknown;
export type TypeResolvers<Source> = Record<string, Resolver<Source>>;

export interface ResolverModule {
  /**
   * Field resolvers by GraphQL type name (object types of Shopify's schema only). A field without
   * one reads the source's own property of the same name when it has one of the field's shape;
   * otherwise the field answers "the simulator does not implement Type.field".
   */
  fields: Record<string, TypeResolvers<never>>;
  /** Concrete type names for abstract (union/interface) values that carry no `__typename`. */
  abstractTypes?: Record<string, (value: never) => string>;
}

export type Root = undefined;
