// Shopify Flow in the simulator: the app's Flow extensions as Shopify deploys them (every
// extensions/*/shopify.extension.toml of type flow_trigger or flow_action next to the app's TOML),
// flowTriggerReceive checking a trigger's handle and payload against them and recording what it
// received, and Flow running one of the app's actions: the action request POSTed to the action's
// runtime_url path on the app, signed as Flow signs it.
//
// Shapes and rules come from Shopify's artefacts:
// - Field types and payload keys: Shopify CLI's Flow serializer (github.com/Shopify/cli,
//   packages/app/src/cli/services/flow/constants.ts and serialize-fields.ts): a reference field
//   (customer_reference…) is the payload key `<object>_id`; a trigger's other fields are boolean,
//   email, single_line_text_field, url or number_decimal under their `key` (letters and spaces
//   only, models/extensions/specifications/flow_trigger.ts); an action's also number_integer and
//   multi_line_text_field.
// - The action request: shopify.dev, "Create Flow action endpoints": a JSON POST of shop_id,
//   shopify_domain, action_run_id, action_definition_id, handle and properties, signed like a
//   webhook (X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body with the app's secret, which is
//   what @shopify/shopify-api's flow.validate checks); Flow waits 10 seconds for the answer.
// - The payload limit: "less than 1 MB" (help.shopify.com, Shopify Flow app extensions: guidelines).
// Assumed, as Shopify documents no text for them: the userErrors' messages and fields for an
// unknown handle or a payload that does not fit the trigger, that a field may be left out of a
// payload, and that a reference may be sent as the numeric ID (Shopify's examples) or the GID.
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { stableNumber } from "./common";
import type { ShopState } from "./state";
import { signWebhook } from "./webhooks";

export const TRIGGER_REFERENCE_TYPES = ["customer_reference", "order_reference", "product_reference"];
const ACTION_REFERENCE_TYPES = [...TRIGGER_REFERENCE_TYPES, "marketing_activity_reference", "abandonment_reference"];
const TRIGGER_FIELD_TYPES = ["boolean", "email", "single_line_text_field", "url", "number_decimal"];
const ACTION_FIELD_TYPES = [...TRIGGER_FIELD_TYPES, "multi_line_text_field", "number_integer"];

/** "less than 1 MB" of JSON. */
export const TRIGGER_PAYLOAD_MAX_BYTES = 1_000_000;
/** How long Flow waits for an action's answer. */
const ACTION_TIMEOUT_MS = 10_000;

export interface FlowField {
  type: string;
  /** The payload or properties key: `<object>_id` for a reference field, else the TOML `key`. */
  key: string;
  required: boolean;
}

export interface FlowExtension {
  type: "flow_trigger" | "flow_action";
  handle: string;
  name: string;
  /** Actions: where Flow POSTs the action request. */
  runtimeUrl: string | null;
  fields: FlowField[];
}

interface TomlExtension {
  type?: unknown;
  handle?: unknown;
  name?: unknown;
  runtime_url?: unknown;
  settings?: { fields?: { type?: unknown; key?: unknown; required?: unknown }[] };
}

function readField(file: string, extension: FlowExtension, field: { type?: unknown; key?: unknown; required?: unknown }): FlowField {
  const type = String(field.type);
  const isTrigger = extension.type === "flow_trigger";
  const references = isTrigger ? TRIGGER_REFERENCE_TYPES : ACTION_REFERENCE_TYPES;
  if (references.includes(type)) return { type, key: `${type.replace(/_reference$/, "")}_id`, required: field.required === true };
  if (!(isTrigger ? TRIGGER_FIELD_TYPES : ACTION_FIELD_TYPES).includes(type)) {
    throw new Error(`${file}: field type ${type} is not supported on Flow ${isTrigger ? "triggers" : "actions"}`);
  }
  if (typeof field.key !== "string") throw new Error(`${file}: a ${type} field needs a key`);
  if (isTrigger && !/^[a-zA-Z\s]*$/.test(field.key))
    throw new Error(`${file}: trigger field key "${field.key}" must contain only letters and spaces`);
  return { type, key: field.key, required: field.required === true };
}

/** The app's Flow extensions, read now (the files may change while the simulator runs); a file Shopify would refuse throws. */
export function readFlowExtensions(appConfigPath: string): FlowExtension[] {
  const dir = path.join(path.dirname(appConfigPath), "extensions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(file)) return [];
    const toml = parse(readFileSync(file, "utf8")) as TomlExtension & { extensions?: TomlExtension[] };
    return (toml.extensions ?? [toml]).flatMap((declared): FlowExtension[] => {
      if (declared.type !== "flow_trigger" && declared.type !== "flow_action") return [];
      const handle = String(declared.handle ?? "");
      if (!/^[a-zA-Z0-9-]{1,30}$/.test(handle)) throw new Error(`${file}: handle "${handle}" must be 1 to 30 letters, digits and hyphens`);
      const extension: FlowExtension = {
        type: declared.type,
        handle,
        name: String(declared.name ?? handle),
        runtimeUrl: typeof declared.runtime_url === "string" ? declared.runtime_url : null,
        fields: [],
      };
      if (extension.type === "flow_action" && !extension.runtimeUrl?.startsWith("https://"))
        throw new Error(`${file}: runtime_url must be an https URL`);
      // [settings] belongs to the file's extension (Shopify's examples put it at the top level).
      const fields = declared.settings?.fields ?? toml.settings?.fields ?? [];
      extension.fields = fields.map((field) => readField(file, extension, field));
      return [extension];
    });
  });
}

export interface FlowUserError {
  field: string[];
  message: string;
}

function fitsField(field: FlowField, value: unknown): boolean {
  if (TRIGGER_REFERENCE_TYPES.includes(field.type)) {
    const gidType = field.type.replace(/_reference$/, "").replace(/^./, (first) => first.toUpperCase());
    if (typeof value === "number") return Number.isSafeInteger(value) && value > 0;
    return typeof value === "string" && new RegExp(`^(gid://shopify/${gidType}/)?\\d+$`).test(value);
  }
  switch (field.type) {
    case "boolean":
      return typeof value === "boolean";
    case "number_decimal":
      return typeof value === "number" && Number.isFinite(value);
    case "email":
      return typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value);
    case "url":
      return typeof value === "string" && /^https?:\/\/\S+$/.test(value);
    default:
      return typeof value === "string" && !/[\r\n]/.test(value);
  }
}

/** What flowTriggerReceive refuses in a payload for this trigger; empty when Flow takes it. */
export function triggerPayloadErrors(trigger: FlowExtension, payload: unknown): FlowUserError[] {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return [{ field: ["payload"], message: "The payload must be a JSON object" }];
  }
  if (Buffer.byteLength(JSON.stringify(payload)) >= TRIGGER_PAYLOAD_MAX_BYTES) {
    return [{ field: ["payload"], message: "The payload must be less than 1 MB" }];
  }
  return Object.entries(payload).flatMap(([key, value]) => {
    const field = trigger.fields.find((candidate) => candidate.key === key);
    if (!field) return [{ field: ["payload", key], message: `"${key}" is not a field of the trigger ${trigger.handle}` }];
    return fitsField(field, value) ? [] : [{ field: ["payload", key], message: `"${key}" is not a valid ${field.type}` }];
  });
}

/** flowTriggerReceive: the trigger recorded on the shop, or why Flow refuses it. */
export function receiveFlowTrigger(
  shop: ShopState,
  appConfigPath: string,
  handle: string | null | undefined,
  payload: unknown,
): FlowUserError[] {
  if (!handle) return [{ field: ["handle"], message: "A trigger handle is required" }];
  const trigger = readFlowExtensions(appConfigPath).find((extension) => extension.type === "flow_trigger" && extension.handle === handle);
  if (!trigger) return [{ field: ["handle"], message: `The app has no Flow trigger with the handle "${handle}"` }];
  const errors = triggerPayloadErrors(trigger, payload);
  if (errors.length === 0) {
    (shop.flowTriggers ??= []).push({ handle, payload: payload as Record<string, unknown>, receivedAt: new Date().toISOString() });
  }
  return errors;
}

export interface FlowActionRun {
  shop: ShopState;
  handle: string;
  /** The action's fields as the merchant's workflow filled them, by key (customer_id for a customer reference). */
  properties: Record<string, unknown>;
  /** Flow keeps a run's id when it sends the run again; a new one by default. */
  actionRunId?: string;
  /** Sign with this instead of the app's secret, to test forged requests. */
  secret?: string;
}

export interface FlowActionAnswer {
  actionRunId: string;
  status: number;
  body: string;
}

/** Flow running one of the app's actions: the signed request, and the app's answer. */
export async function runFlowAction(
  app: { appUrl: string; apiSecret: string; appConfigPath: string },
  run: FlowActionRun,
): Promise<FlowActionAnswer> {
  const action = readFlowExtensions(app.appConfigPath).find(
    (extension) => extension.type === "flow_action" && extension.handle === run.handle,
  );
  if (!action) throw new Error(`The app has no Flow action with the handle "${run.handle}"`);
  // Flow fills the properties from the action's fields: nothing else, every required one.
  for (const key of Object.keys(run.properties)) {
    if (!action.fields.some((field) => field.key === key)) throw new Error(`"${key}" is not a field of the action ${run.handle}`);
  }
  const missing = action.fields.filter((field) => field.required && run.properties[field.key] === undefined);
  if (missing.length > 0) throw new Error(`The action ${run.handle} requires ${missing.map((field) => field.key).join(", ")}`);

  const actionRunId = run.actionRunId ?? randomBytes(20).toString("hex");
  const body = JSON.stringify({
    shop_id: String(stableNumber(run.shop.domain)),
    shopify_domain: run.shop.domain,
    action_run_id: actionRunId,
    // Shopify's example sends the action's name here.
    action_definition_id: action.name,
    handle: action.handle,
    properties: run.properties,
  });
  const runtime = new URL(action.runtimeUrl!);
  const response = await fetch(`${app.appUrl.replace(/\/+$/, "")}${runtime.pathname}${runtime.search}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Hmac-Sha256": signWebhook(body, run.secret ?? app.apiSecret) },
    body,
    signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
  });
  return { actionRunId, status: response.status, body: await response.text() };
}
