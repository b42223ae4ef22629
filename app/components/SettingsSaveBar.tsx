import { SaveBar } from "@shopify/app-bridge-react";
import { useBlocker } from "@remix-run/react";
import { ContextualSaveBar, Modal, Text } from "@shopify/polaris";
import { useEffect } from "react";
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
 * The contextual save bar for a form with unsaved changes, and the guard that keeps them from
 * being lost by leaving the page. Embedded in Shopify admin it is App Bridge's save bar: the
 * admin asks before its own navigation, and the app's links ask through App Bridge's leave
 * confirmation. In the standalone demo it is Polaris' ContextualSaveBar inside the layout's
 * Frame, and the app's links ask in a Polaris modal.
 */
export function SettingsSaveBar({ id, open, saving, onSave, onDiscard, saveDisabled = false }: SettingsSaveBarProps) {
  const embedded = useEmbedded();
  // Saving posts to this page; only going to another page loses the edits.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => open && !saving && currentLocation.pathname !== nextLocation.pathname);
  // window.shopify is App Bridge's global (absent in the standalone demo and on the server).
  const appBridgeAsks = embedded && typeof window !== "undefined" && typeof window.shopify?.saveBar?.leaveConfirmation === "function";
  useEffect(() => {
    // App Bridge resolves once the merchant chooses to leave; staying leaves the link blocked until the next one.
    if (blocker.state === "blocked" && appBridgeAsks) void window.shopify.saveBar.leaveConfirmation!().then(() => blocker.proceed());
  }, [blocker, appBridgeAsks]);

  const confirmLeave = (
    <Modal
      open={blocker.state === "blocked" && !appBridgeAsks}
      onClose={() => blocker.reset?.()}
      title="Leave page with unsaved changes?"
      primaryAction={{ content: "Leave page", destructive: true, onAction: () => blocker.proceed?.() }}
      secondaryActions={[{ content: "Stay", onAction: () => blocker.reset?.() }]}
    >
      <Modal.Section>
        <Text as="p">Leaving this page discards the changes you have not saved.</Text>
      </Modal.Section>
    </Modal>
  );

  if (embedded) {
    return (
      <>
        <SaveBar id={id} open={open} discardConfirmation>
          {/* App Bridge reads these buttons: `variant="primary"` is Save, the other Discard. */}
          <button variant="primary" onClick={onSave} loading={saving ? "" : undefined} disabled={saveDisabled || saving}>
            Save
          </button>
          <button onClick={onDiscard} disabled={saving}>
            Discard
          </button>
        </SaveBar>
        {confirmLeave}
      </>
    );
  }
  return (
    <>
      {open ? (
        <ContextualSaveBar
          message="Unsaved changes"
          saveAction={{ content: "Save", onAction: onSave, loading: saving, disabled: saveDisabled || saving }}
          discardAction={{ content: "Discard", onAction: onDiscard, disabled: saving }}
        />
      ) : null}
      {confirmLeave}
    </>
  );
}
