/**
 * Which images in a model's reply are shown inline: only bytes already in the reply (a base64 data URL of a
 * raster type) and the app's own stored attachments by hash. Anything else would be fetched from the
 * internet, so it stays a link the user can choose to open. SVG is never an image here.
 */
import { ATTACHMENT_HASH, RASTER_IMAGE_TYPES, attachmentPath } from '../../../../../shared/attachments'

const DATA_IMAGE = /^data:(image\/[a-z+.-]+);base64,[A-Za-z0-9+/]+=*$/i
const OWN_ATTACHMENT = /^(?:app:\/\/proxychat)?\/attachments\/([0-9a-f]{64})$/

/** The src to load for an inline image, or undefined when it must stay a link. */
export function inlineImageSrc(src: string | undefined): string | undefined {
  if (!src) return undefined
  const data = DATA_IMAGE.exec(src)
  if (data) return RASTER_IMAGE_TYPES.includes((data[1] ?? '').toLowerCase()) ? src : undefined
  const own = OWN_ATTACHMENT.exec(src)
  const hash = own?.[1]
  return hash && ATTACHMENT_HASH.test(hash) ? attachmentPath(hash) : undefined
}
