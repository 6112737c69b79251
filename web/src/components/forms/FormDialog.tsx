import type { ComponentChildren } from 'preact';
import { t } from '../../i18n';
import { Modal } from '../Modal';
import { Button } from '../ui';
import { ErrorBanner } from './ErrorBanner';

interface FormDialogProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  /** The submit button's text; "Save" unless told. */
  submitLabel?: string;
  submitDisabled?: boolean;
  /** The submit button warns (a destructive action). */
  danger?: boolean | undefined;
  /** Shown as the banner above the fields. */
  error?: unknown;
  wide?: boolean;
  children: ComponentChildren;
}

/** A dialog holding a form, with Cancel and a submit button that is busy while the form is sent. */
export function FormDialog(props: FormDialogProps) {
  return (
    <Modal
      title={props.title}
      wide={props.wide}
      onClose={props.onClose}
      onSubmit={props.onSubmit}
      footer={
        <>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="submit"
            variant={props.danger ? 'danger' : 'primary'}
            busy={props.busy}
            disabled={props.submitDisabled}
          >
            {props.submitLabel ?? t('common.save')}
          </Button>
        </>
      }
    >
      <ErrorBanner error={props.error} />
      {props.children}
    </Modal>
  );
}
