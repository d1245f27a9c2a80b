/**
 * Main's refusals of a file (when it is added, or at send time: a scan to a provider without PDF documents),
 * worded from their code and facts in the user's language, never main's English.
 */
import type { TFunction } from 'i18next'
import type { AppErrorCode, AttachmentErrorFacts } from '../../../shared/app-error'
import { tk } from './i18n'

type AttachmentCode = Extract<AppErrorCode, `attachment_${string}`>

const mb = (bytes: number | undefined): number => Math.round((bytes ?? 0) / (1024 * 1024))

const WORDED: Record<AttachmentCode, (f: AttachmentErrorFacts) => [string, Record<string, string | number>]> =
  {
    attachment_unsupported: (f) => [tk('attachments.unsupported'), { name: f.name ?? '' }],
    attachment_missing: (f) => [tk('attachments.missing'), { name: f.name ?? '' }],
    attachment_too_large: (f) => [tk('attachments.tooLarge'), { name: f.name ?? '', limit: mb(f.limit) }],
    attachment_too_many: (f) => [tk('attachments.tooMany'), { limit: f.limit ?? 0 }],
    attachment_total_too_large: (f) => [tk('attachments.totalTooLarge'), { limit: mb(f.limit) }],
    attachment_no_images: (f) => [tk('attachments.noImages'), { name: f.name ?? '' }],
    attachment_image_too_large: (f) => [
      tk('attachments.imageTooLarge'),
      { name: f.name ?? '', mb: mb(f.limit), side: f.side ?? 0 },
    ],
    attachment_pdf_no_text: (f) => [tk('attachments.pdfNoText'), { name: f.name ?? '' }],
    attachment_pdf_failed: () => [tk('attachments.pdfFailed'), {}],
    attachment_store_failed: (f) => [
      f.cause === 'no_space'
        ? tk('attachments.storeNoSpace')
        : f.cause === 'no_permission'
          ? tk('attachments.storeNoPermission')
          : tk('attachments.storeFailed'),
      { name: f.name ?? '' },
    ],
  }

const isAttachmentCode = (code: AppErrorCode): code is AttachmentCode => code in WORDED

/** The refusal in words, or null when `code` is not an attachment refusal. */
export function attachmentErrorText(
  code: AppErrorCode,
  facts: AttachmentErrorFacts | undefined,
  t: TFunction,
): string | null {
  if (!isAttachmentCode(code)) return null
  const [key, values] = WORDED[code](facts ?? {})
  return t(key, values)
}
