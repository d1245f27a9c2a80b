/**
 * An image scaled down to what a provider takes, when sending: the longest side and the file size from
 * the one table (src/shared/attachments.ts). The stored file is never changed, and an image already within
 * both limits comes back byte for byte.
 *
 * sharp (libvips) does the work on libuv's thread pool, so the main process's event loop keeps running
 * while a 12-megapixel photo is decoded, scaled and encoded (test/bench/attachments.bench.ts measures it).
 * It is loaded on first use: a session without large images never loads libvips.
 */
import { availableParallelism } from 'node:os'
import type { Sharp, default as SharpFactory } from 'sharp'
import { imageNeedsFitting, type ProviderCapabilities } from '../../shared/attachments'

export interface FittedImage {
  bytes: Uint8Array
  mediaType: string
  width: number
  height: number
  /** Whether these are new bytes (scaled or re-encoded), not the stored file. */
  scaled: boolean
}

/** Thrown when an image cannot be decoded (and so cannot be scaled down). */
export class ImageFitError extends Error {}

type Limits = Pick<ProviderCapabilities, 'imageMaxBytes' | 'imageMaxSide'>

/** JPEG qualities tried in turn until the file fits; then the side shrinks. */
const QUALITIES = [85, 75, 65, 50] as const
/** Each further try at a quarter less on the longest side, down to this. */
const SMALLEST_SIDE = 256

let loaded: Promise<typeof SharpFactory> | undefined
function sharpModule(): Promise<typeof SharpFactory> {
  loaded ??= import('sharp').then((m) => {
    // libvips' threads leave one core to the main process's event loop (and so to the streaming reply).
    m.default.concurrency(Math.max(1, availableParallelism() - 1))
    return m.default
  })
  return loaded
}

/**
 * The image as it goes to a provider with `limits`. `known` is what the store read from the header (its
 * pixel size); when it says the image fits, the bytes are not even decoded.
 */
export async function fitImage(
  bytes: Uint8Array,
  known: { mediaType: string; size: number; width?: number; height?: number },
  limits: Limits,
): Promise<FittedImage> {
  if (!imageNeedsFitting(limits, known) && known.width !== undefined && known.height !== undefined)
    return { bytes, mediaType: known.mediaType, width: known.width, height: known.height, scaled: false }
  const sharp = await sharpModule()
  let meta
  try {
    meta = await sharp(bytes).metadata()
  } catch (error) {
    throw new ImageFitError(error instanceof Error ? error.message : String(error))
  }
  // EXIF orientations 5–8 swap width and height; the longest side is the same either way.
  const width = meta.autoOrient.width
  const height = meta.autoOrient.height
  if (!imageNeedsFitting(limits, { size: bytes.byteLength, width, height }))
    return { bytes, mediaType: known.mediaType, width, height, scaled: false }

  // Decoded, turned upright (EXIF) and scaled once; each encoding below starts from these pixels.
  const target = Math.min(limits.imageMaxSide, Math.max(width, height))
  const keepsLossless = known.mediaType === 'image/png' || known.mediaType === 'image/gif'
  let side = target
  for (;;) {
    const pixels = await scaled(sharp(bytes, { failOn: 'none' }), side)
    const encoded = await encodeToFit(sharp, pixels, keepsLossless, known.mediaType, limits.imageMaxBytes)
    if (encoded) return { ...encoded, width: pixels.info.width, height: pixels.info.height, scaled: true }
    if (side <= SMALLEST_SIDE) throw new ImageFitError('the image does not fit even at its smallest size')
    side = Math.max(SMALLEST_SIDE, Math.floor(side * 0.75))
  }
}

interface Pixels {
  data: Buffer
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 }
}

async function scaled(image: Sharp, side: number): Promise<Pixels> {
  try {
    const { data, info } = await image
      .autoOrient()
      .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true })
    return { data, info: { width: info.width, height: info.height, channels: info.channels } }
  } catch (error) {
    throw new ImageFitError(error instanceof Error ? error.message : String(error))
  }
}

/**
 * The smallest change that fits: a PNG (or GIF: its first frame) stays PNG, keeping transparency and sharp
 * text, when that fits; a WebP stays WebP; everything else (and a PNG too big as PNG) becomes a JPEG at the
 * highest quality that fits, laid on white where it was transparent. Null when nothing fits at this size.
 */
async function encodeToFit(
  sharp: typeof SharpFactory,
  pixels: Pixels,
  keepsLossless: boolean,
  mediaType: string,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; mediaType: string } | null> {
  const from = (): Sharp => sharp(pixels.data, { raw: pixels.info })
  if (keepsLossless) {
    const png = await from().png({ compressionLevel: 6 }).toBuffer()
    if (png.byteLength <= maxBytes) return { bytes: png, mediaType: 'image/png' }
  }
  for (const quality of QUALITIES) {
    const bytes =
      mediaType === 'image/webp'
        ? await from().webp({ quality }).toBuffer()
        : await from().flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer()
    if (bytes.byteLength <= maxBytes)
      return { bytes, mediaType: mediaType === 'image/webp' ? 'image/webp' : 'image/jpeg' }
  }
  return null
}
