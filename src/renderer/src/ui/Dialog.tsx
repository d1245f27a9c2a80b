import { useEffect, useId, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import { CloseIcon } from './icons'

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

interface Props {
  title: string
  onClose: () => void
  children: ReactNode
  className?: string
  /** "alertdialog" for confirmations. */
  role?: 'dialog' | 'alertdialog'
}

/** Open dialogs, innermost last: only that one answers keys and holds focus. */
const openDialogs: HTMLElement[] = []

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'))
}

/**
 * A modal dialog: focus moves in and is kept inside, Escape closes, focus returns on close. Keys are
 * heard on the document, not on the dialog, so Escape still works when the focused control went away
 * (a button that disabled itself, a form that was replaced): focus then falls to <body>, and is brought back.
 */
export function Dialog({ title, onClose, children, className, role = 'dialog' }: Props) {
  const { t } = useTranslation()
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const root = ref.current
    if (!root) return
    openDialogs.push(root)
    const innermost = (): boolean => openDialogs[openDialogs.length - 1] === root
    const first =
      root.querySelector<HTMLElement>('[data-autofocus]') ??
      root.querySelector<HTMLElement>(`.dialog__body ${FOCUSABLE.split(', ').join(', .dialog__body ')}`) ??
      root
    first.focus()

    const onKeyDown = (event: KeyboardEvent): void => {
      if (!innermost() || event.defaultPrevented) return
      if (event.key === 'Escape' && !event.isComposing) {
        event.preventDefault()
        close.current()
        return
      }
      if (event.key !== 'Tab') return
      const items = focusables(root)
      const head = items[0]
      const tail = items[items.length - 1]
      if (!head || !tail) return
      const active = document.activeElement
      if (!(active instanceof Node) || !root.contains(active) || active === root) {
        event.preventDefault()
        ;(event.shiftKey ? tail : head).focus()
      } else if (event.shiftKey && active === head) {
        event.preventDefault()
        tail.focus()
      } else if (!event.shiftKey && active === tail) {
        event.preventDefault()
        head.focus()
      }
    }
    // Focus that leaves for the page behind, or is dropped to <body>, comes back to the dialog.
    const onFocusIn = (event: FocusEvent): void => {
      if (innermost() && event.target instanceof Node && !root.contains(event.target)) root.focus()
    }
    const regainFocus = (): void => {
      const active = document.activeElement
      if (innermost() && (active === null || active === document.body)) root.focus()
    }
    const observer = new MutationObserver(regainFocus)
    observer.observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['disabled'],
    })
    document.addEventListener('keydown', onKeyDown)
    document.addEventListener('focusin', onFocusIn)
    return () => {
      observer.disconnect()
      document.removeEventListener('keydown', onKeyDown)
      document.removeEventListener('focusin', onFocusIn)
      openDialogs.splice(openDialogs.indexOf(root), 1)
      if (previous?.isConnected) previous.focus()
    }
  }, [])

  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close.current()
      }}
    >
      <div
        ref={ref}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        className={className ? `dialog ${className}` : 'dialog'}
        tabIndex={-1}
      >
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button
            type="button"
            className="icon-button"
            onClick={() => close.current()}
            aria-label={t('common.close')}
          >
            <CloseIcon />
          </button>
        </header>
        <div className="dialog__body">{children}</div>
      </div>
    </div>,
    document.body,
  )
}

interface ConfirmProps {
  title: string
  message: ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}

/** Asks before something that cannot be undone. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel }: ConfirmProps) {
  const { t } = useTranslation()
  return (
    <Dialog title={title} onClose={onCancel} role="alertdialog" className="dialog--confirm">
      <p className="confirm__message">{message}</p>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onCancel} data-autofocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}
