/**
 * The window's checks before anything is read or sent, worded in the user's language: the size limits
 * (one shared table with main) and what the chosen model's provider takes.
 */
import type { TFunction } from 'i18next'
import {
  ATTACHMENT_LIMITS,
  checkAttachmentFits,
  checkAttachmentLimits,
  type AttachmentPick,
  type AttachmentRef,
} from '../../../../../shared/attachments'
import type { ProviderKind } from '../../../../../shared/domain'
import { tk } from '../../../app/i18n'

export interface Worded {
  key: string
  values: Record<string, string | number>
}

const mb = (bytes: number): number => Math.round(bytes / (1024 * 1024))

/** Why these files (already attached ones first) cannot go with one message, or null. */
export function limitProblem(files: readonly { name: string; size: number }[]): Worded | null {
  const problem = checkAttachmentLimits(files)
  if (!problem) return null
  switch (problem.code) {
    case 'attachment_too_large':
      return { key: tk('attachments.tooLarge'), values: { name: problem.name, limit: mb(problem.limit) } }
    case 'attachment_too_many':
      return { key: tk('attachments.tooMany'), values: { limit: problem.limit } }
    case 'attachment_total_too_large':
      return { key: tk('attachments.totalTooLarge'), values: { limit: mb(problem.limit) } }
  }
}

/**
 * What a pick leaves out (see fitAttachments), worded: the first file over the per-file limit, and the first
 * file the count or the total could not take, each with how many more and the limit; null when all fit.
 */
export function pickProblem(
  { tooLarge, leftOut }: Pick<AttachmentPick<{ name: string }>, 'tooLarge' | 'leftOut'>,
  t: TFunction,
): string | null {
  const sentences: string[] = []
  const [big, ...moreBig] = tooLarge
  if (big) {
    const limit = mb(ATTACHMENT_LIMITS.maxFileBytes)
    sentences.push(
      moreBig.length === 0
        ? t('attachments.tooLarge', { name: big.name, limit })
        : t('attachments.tooLargeMore', { name: big.name, count: moreBig.length, limit }),
    )
  }
  const [first, ...rest] = leftOut?.files ?? []
  if (leftOut && first) {
    sentences.push(
      rest.length === 0
        ? t('attachments.notAttached', { name: first.name })
        : t('attachments.notAttachedMore', { name: first.name, count: rest.length }),
      leftOut.code === 'attachment_too_many'
        ? t('attachments.tooMany', { limit: leftOut.limit })
        : t('attachments.totalTooLarge', { limit: mb(leftOut.limit) }),
    )
  }
  return sentences.length === 0 ? null : sentences.join(' ')
}

/** A file's size in the window's language: "19.3 MB", "19,3 МБ". */
export function formatSize(bytes: number, t: TFunction, language: string): string {
  const number = (value: number, digits: number): string =>
    new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
      value,
    )
  if (bytes < 1024) return t('attachments.sizeBytes', { size: number(bytes, 0) })
  if (bytes < 1024 * 1024) return t('attachments.sizeKB', { size: number(Math.round(bytes / 1024), 0) })
  return t('attachments.sizeMB', { size: number(bytes / (1024 * 1024), 1) })
}

/** Why the provider cannot take one of these files, or null (checked again in main). */
export function providerProblem(kind: ProviderKind, refs: readonly AttachmentRef[]): Worded | null {
  for (const ref of refs) {
    const problem = checkAttachmentFits(kind, ref)
    if (!problem) continue
    switch (problem.code) {
      case 'attachment_no_images':
        return { key: tk('attachments.noImages'), values: { name: ref.name } }
      case 'attachment_image_too_large':
        return {
          key: tk('attachments.imageTooLarge'),
          values: { name: ref.name, mb: mb(problem.limitBytes), side: problem.limitSide },
        }
      case 'attachment_pdf_no_text':
        return { key: tk('attachments.pdfNoText'), values: { name: ref.name } }
    }
  }
  return null
}

/** A file's own size is checked before its bytes are read at all. */
export const MAX_FILE_BYTES = ATTACHMENT_LIMITS.maxFileBytes

/** The name of a pasted image, which has none of its own ("image.png" from the clipboard at best). */
export function pastedName(file: File, index: number, now: Date): string {
  if (file.name && file.name !== 'image.png') return file.name
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-')
  const ext = file.type.startsWith('image/') ? file.type.slice(6).replace('jpeg', 'jpg') : 'png'
  return `pasted-${stamp}${index > 0 ? `-${index + 1}` : ''}.${ext}`
}

/** Whether a reply's failure means the model takes no images (the provider's 400 says so). */
export function rejectsImages(error: {
  kind: string
  message: string
  failures?: { said?: string }[]
}): boolean {
  if (error.kind !== 'bad_request') return false
  const texts = [error.message, ...(error.failures ?? []).map((f) => f.said ?? '')]
  return texts.some((text) => /\b(image|images|vision|multimodal|image_url)\b/i.test(text))
}
