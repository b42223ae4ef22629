import { Modal, Text } from "@shopify/polaris";

export interface OpenPhoto {
  url: string;
  alt: string;
  /** "Photo 1 of 2 by Ana": the modal's title. */
  title: string;
}

/**
 * A review photo at full size: Polaris' modal (Escape or the close button closes it and focus
 * returns to the thumbnail), the image no wider than the modal and no taller than the screen.
 */
export function PhotoLightbox({ photo, onClose }: { photo: OpenPhoto | null; onClose(): void }) {
  return (
    <Modal open={photo !== null} onClose={onClose} title={photo?.title ?? ""} size="large">
      {photo ? (
        <Modal.Section>
          <img
            src={photo.url}
            alt={photo.alt}
            style={{ display: "block", margin: "0 auto", maxWidth: "100%", maxHeight: "70vh", height: "auto", objectFit: "contain" }}
          />
          <Text as="p" tone="subdued" alignment="center">
            {photo.alt}
          </Text>
        </Modal.Section>
      ) : null}
    </Modal>
  );
}
