import type { ComponentChildren } from 'preact';
import { FormDialog } from './FormDialog';

/** Asks before a destructive action. */
export function ConfirmDialog(props: {
  title: string;
  message: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <FormDialog
      title={props.title}
      onClose={props.onClose}
      onSubmit={props.onConfirm}
      busy={Boolean(props.busy)}
      submitLabel={props.confirmLabel}
      danger={props.danger}
      error={props.error}
    >
      <p>{props.message}</p>
    </FormDialog>
  );
}
