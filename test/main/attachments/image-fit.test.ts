/**
 * Images scaled down to a provider's limits with sharp, on real images made here: the stored bytes come back
 * untouched when they fit, EXIF orientation is applied, PNGs keep their transparency unless too big.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { fitImage, ImageFitError } from '../../../src/main/attachments/image-fit'
import { PROVIDER_CAPABILITIES } from '../../../src/shared/attachments'
import { pngBytes } from '../../fixtures/attachment-bytes'
import { alphaPng, bandColour, decoded, photoJpeg } from '../../fixtures/real-images'

const openai = PROVIDER_CAPABILITIES.openai
const anthropic = PROVIDER_CAPABILITIES.anthropic

let photo: Uint8Array
beforeAll(async () => {
  photo = await photoJpeg(4000, 3000, 6)
}, 60_000)

describe('fitImage', () => {
  it('gives back the stored bytes, not even decoded, when the header says they fit', async () => {
    const header = pngBytes(800, 600) // a PNG header with no pixel data: decoding it would fail
    const fitted = await fitImage(
      header,
      { mediaType: 'image/png', size: header.byteLength, width: 800, height: 600 },
      anthropic,
    )
    expect(fitted.bytes).toBe(header)
    expect(fitted).toMatchObject({ mediaType: 'image/png', width: 800, height: 600, scaled: false })
  })

  it('scales a 4000×3000 photo with EXIF orientation 6 upright to 1536×2048 JPEG for OpenAI', async () => {
    const fitted = await fitImage(
      photo,
      { mediaType: 'image/jpeg', size: photo.byteLength, width: 4000, height: 3000 },
      openai,
    )
    expect(fitted).toMatchObject({ mediaType: 'image/jpeg', width: 1536, height: 2048, scaled: true })
    const sent = await decoded(fitted.bytes)
    expect(sent).toMatchObject({ format: 'jpeg', width: 1536, height: 2048, orientation: undefined })
    // Stored: left half red. Turned 90° clockwise (orientation 6), the left side is on top.
    const [topRed = 0, , topBlue = 0] = await bandColour(fitted.bytes, 'top')
    const [bottomRed = 0, , bottomBlue = 0] = await bandColour(fitted.bytes, 'bottom')
    expect(topRed).toBeGreaterThan(topBlue + 100)
    expect(bottomBlue).toBeGreaterThan(bottomRed + 100)
  }, 30_000)

  it('keeps a transparent PNG a PNG, with its alpha, when it fits as one', async () => {
    const png = await alphaPng(3000, 2000, 'smooth')
    const fitted = await fitImage(
      png,
      { mediaType: 'image/png', size: png.byteLength, width: 3000, height: 2000 },
      anthropic,
    )
    expect(await decoded(fitted.bytes)).toMatchObject({
      format: 'png',
      width: 1568,
      height: 1045,
      hasAlpha: true,
    })
    expect(fitted.mediaType).toBe('image/png')
  }, 30_000)

  it('turns a PNG too big as PNG into a JPEG under the byte limit', async () => {
    const png = await alphaPng(3000, 2000, 'noise')
    const fitted = await fitImage(
      png,
      { mediaType: 'image/png', size: png.byteLength, width: 3000, height: 2000 },
      anthropic,
    )
    const sent = await decoded(fitted.bytes)
    expect(sent).toMatchObject({ format: 'jpeg', width: 1568, height: 1045, hasAlpha: false })
    expect(sent.bytes).toBeLessThanOrEqual(anthropic.imageMaxBytes)
  }, 30_000)

  it('lowers the quality, then the size, until the file fits the byte limit', async () => {
    const limits = { imageMaxSide: 4000, imageMaxBytes: 300_000 }
    const fitted = await fitImage(
      photo,
      { mediaType: 'image/jpeg', size: photo.byteLength, width: 4000, height: 3000 },
      limits,
    )
    const sent = await decoded(fitted.bytes)
    expect(sent.format).toBe('jpeg')
    expect(sent.bytes).toBeLessThanOrEqual(300_000)
    expect(Math.max(sent.width ?? 0, sent.height ?? 0)).toBeLessThan(4000)
    expect(sent.height).toBeGreaterThan(sent.width ?? 0) // still upright
  }, 30_000)

  it('reads the pixel size itself when the header did not say, and sends a fitting file as stored', async () => {
    const small = await photoJpeg(640, 480, 1)
    const fitted = await fitImage(small, { mediaType: 'image/jpeg', size: small.byteLength }, anthropic)
    expect(fitted.bytes).toBe(small)
    expect(fitted).toMatchObject({ width: 640, height: 480, scaled: false })
  })

  it('fails with ImageFitError on bytes that cannot be decoded', async () => {
    const header = pngBytes(9000, 1000)
    await expect(
      fitImage(
        header,
        { mediaType: 'image/png', size: header.byteLength, width: 9000, height: 1000 },
        anthropic,
      ),
    ).rejects.toBeInstanceOf(ImageFitError)
  })
})
