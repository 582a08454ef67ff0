import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';

/** Props of the delete confirmation. */
export interface DeleteProfileDialogProps {
  /** The profile to delete; the dialog is open while set. */
  readonly name?: string;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before deleting a saved profile (its saved secrets go with it). */
export function DeleteProfileDialog({ name, onConfirm, onCancel }: DeleteProfileDialogProps): ReactElement {
  return (
    <Modal opened={name !== undefined} onClose={onCancel} title="Delete profile?" centered>
      <Stack gap="md">
        <Text size="sm">
          Delete the profile <b>{name}</b> and any password saved with it? Open connections stay open.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="profile-delete-cancel">
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} data-testid="profile-delete-confirm">
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
