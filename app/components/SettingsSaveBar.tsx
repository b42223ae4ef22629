import { SaveBar } from "@shopify/app-bridge-react";
import { ContextualSaveBar } from "@shopify/polaris";
import { useEmbedded } from "./useEmbedded";

interface SettingsSaveBarProps {
  /** Unique on the page; App Bridge tells save bars apart by id. */
  id: string;
  /** Show the bar: the form has unsaved changes (or is saving them). */
  open: boolean;
  saving: boolean;
  onSave(): void;
  onDiscard(): void;
  /** Block Save while the form has a known problem. */
  saveDisabled?: boolean;
}

/**
 * The contextual save bar for a form with unsaved changes. Embedded in Shopify admin it is
 * App Bridge's save bar (which also asks before leaving the page); in the standalone demo
 * it is Polaris' ContextualSaveBar inside the layout's Frame.
 */
export function SettingsSaveBar({ id, open, saving, onSave, onDiscard, saveDisabled = false }: SettingsSaveBarProps) {
  const embedded = useEmbedded();
  if (embedded) {
    return (
      <SaveBar id={id} open={open} discardConfirmation>
        {/* App Bridge reads these buttons: `variant="primary"` is Save, the other Discard. */}
        <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saveDisabled || saving}>
          Save
        </button>
        <button onClick={onDiscard} disabled={saving}>
          Discard
        </button>
      </SaveBar>
    );
  }
  if (!open) return null;
  return (
    <ContextualSaveBar
      message="Unsaved changes"
      saveAction={{ content: "Save", onAction: onSave, loading: saving, disabled: saveDisabled || saving }}
      discardAction={{ content: "Discard", onAction: onDiscard, disabled: saving }}
    />
  );
}
