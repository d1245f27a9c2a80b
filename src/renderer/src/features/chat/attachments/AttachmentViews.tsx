import { useLayoutEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { attachmentKind, attachmentPath, type AttachmentRef } from '../../../../../shared/attachments'
import { Dialog } from '../../../ui/Dialog'
import { CloseIcon, FileIcon } from '../../../ui/icons'
import { formatSize } from './attachment-checks'
import './attachments.css'

/**
 * One file: an image as a thumbnail loaded by hash from the app's own protocol (lazily, no bytes in the
 * DOM), anything else as its name and size.
 */
function AttachmentTile({ file, onOpen }: { file: AttachmentRef; onOpen: () => void }) {
  const { t, i18n } = useTranslation()
  if (attachmentKind(file.mediaType) === 'image') {
    return (
      <button
        type="button"
        className="attachment attachment--image"
        onClick={onOpen}
        aria-label={t('attachments.open', { name: file.name })}
        title={file.name}
      >
        <img
          src={attachmentPath(file.hash)}
          alt={file.name}
          loading="lazy"
          decoding="async"
          {...(file.width && file.height ? { width: file.width, height: file.height } : {})}
        />
      </button>
    )
  }
  return (
    <span className="attachment attachment--file" title={file.name}>
      <FileIcon />
      <span className="attachment__name">{file.name}</span>
      <span className="attachment__size">{formatSize(file.size, t, i18n.language)}</span>
      {file.sentAs === 'text' && attachmentKind(file.mediaType) === 'pdf' && (
        <span className="attachment__note" title={t('attachments.sentAsTextHint')}>
          {t('attachments.sentAsText')}
        </span>
      )}
    </span>
  )
}

/** A full-size image in a dialog. */
function ImageViewer({ file, onClose }: { file: AttachmentRef; onClose: () => void }) {
  return (
    <Dialog title={file.name} onClose={onClose} className="attachment-viewer">
      <img className="attachment-viewer__image" src={attachmentPath(file.hash)} alt={file.name} />
    </Dialog>
  )
}

/** The files of a message in the history. */
export function MessageAttachments({ files }: { files: readonly AttachmentRef[] }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<AttachmentRef | null>(null)
  return (
    <div className="attachments" role="list" aria-label={t('attachments.list')}>
      {files.map((file) => (
        <div role="listitem" key={file.id}>
          <AttachmentTile file={file} onOpen={() => setOpen(file)} />
        </div>
      ))}
      {open && <ImageViewer file={open} onClose={() => setOpen(null)} />}
    </div>
  )
}

/**
 * The files waiting in the composer, each with a remove button. The button goes with its file, so focus
 * moves on to the next file's (or the previous one's), and after the last to `onEmptied` (the message box).
 */
export function PendingAttachments({
  files,
  adding,
  onRemove,
  onEmptied,
}: {
  files: readonly AttachmentRef[]
  adding: number
  onRemove: (id: string) => void
  onEmptied?: () => void
}) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<AttachmentRef | null>(null)
  const list = useRef<HTMLDivElement>(null)
  /** Where focus goes once a file removed from its focused × is gone: another file's id, or null for none. */
  const focusNext = useRef<string | null | undefined>(undefined)

  useLayoutEffect(() => {
    const next = focusNext.current
    if (next === undefined) return
    focusNext.current = undefined
    const button = next === null ? null : list.current?.querySelector<HTMLElement>(`[data-remove="${next}"]`)
    if (button) button.focus()
    else onEmptied?.()
  }, [files, onEmptied])

  const remove = (index: number, id: string, focused: boolean): void => {
    if (focused) focusNext.current = (files[index + 1] ?? files[index - 1])?.id ?? null
    onRemove(id)
  }

  if (files.length === 0 && adding === 0) return null
  return (
    <div
      ref={list}
      className="attachments attachments--pending"
      role="list"
      aria-label={t('attachments.pending')}
    >
      {files.map((file, index) => (
        <div role="listitem" className="attachments__pending" key={file.id}>
          <AttachmentTile file={file} onOpen={() => setOpen(file)} />
          <button
            type="button"
            className="attachments__remove"
            data-remove={file.id}
            onClick={(event) => remove(index, file.id, event.currentTarget === document.activeElement)}
            aria-label={t('attachments.remove', { name: file.name })}
            title={t('attachments.remove', { name: file.name })}
          >
            <CloseIcon />
          </button>
        </div>
      ))}
      {adding > 0 && (
        <div role="listitem" className="attachments__adding" aria-busy="true">
          {t('attachments.adding')}
        </div>
      )}
      {open && <ImageViewer file={open} onClose={() => setOpen(null)} />}
    </div>
  )
}
