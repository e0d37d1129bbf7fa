import { Dialog, Heading, Modal as AriaModal, ModalOverlay } from 'react-aria-components';
import type { ReactNode } from 'react';
import { t } from '../i18n/de';

interface ModalProps {
  title: string;
  isOpen: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Session dialogs cannot be closed without signing in. */
  isDismissable?: boolean;
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
  footer?: ReactNode;
  /** When given, body and footer form one form (Enter submits). */
  onSubmit?: () => void;
}

/** KERN dialog on react-aria's modal (focus trap, Escape, focus return, inert background). */
export function Modal({ title, isOpen, onOpenChange, isDismissable = true, role = 'dialog', children, footer, onSubmit }: ModalProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      isDismissable={isDismissable}
      isKeyboardDismissDisabled={!isDismissable}
    >
      <AriaModal className="kern-dialog modal">
        <Dialog className="modal__dialog" role={role}>
          {({ close }) => (
            <>
              <header className="kern-dialog__header">
                <Heading slot="title" className="kern-title kern-title--large">
                  {title}
                </Heading>
                {isDismissable ? (
                  <button type="button" className="kern-btn kern-btn--tertiary" onClick={close}>
                    <span className="kern-icon kern-icon--close" aria-hidden="true" />
                    <span className="kern-sr-only">{t.dialogs.close}</span>
                  </button>
                ) : null}
              </header>
              {onSubmit ? (
                <form
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    onSubmit();
                  }}
                >
                  <div className="kern-dialog__body">{children}</div>
                  {footer ? <footer className="kern-dialog__footer">{footer}</footer> : null}
                </form>
              ) : (
                <>
                  <div className="kern-dialog__body">{children}</div>
                  {footer ? <footer className="kern-dialog__footer">{footer}</footer> : null}
                </>
              )}
            </>
          )}
        </Dialog>
      </AriaModal>
    </ModalOverlay>
  );
}
