/**
 * `npm run icons`: renders build/icon.svg into every icon file packaging needs. Run it after
 * editing the SVG and commit what it writes: packaging (and CI) never renders icons.
 *
 *   build/icons/NxN.png  Linux icon set, 16…1024 px (AppImage, deb: the hicolor theme)
 *   build/icon.ico       Windows: the app, its installer and shortcuts (16…256 px)
 *   build/icon.icns      macOS: the app bundle and the dmg (16…1024 px)
 *
 * Rasteriser: @resvg/resvg-js, the resvg renderer (Rust). Its prebuilt binary comes from the npm
 * registry as an optional dependency, so installing it downloads nothing else and needs no system
 * library (Cairo, librsvg, ImageMagick), and it renders the same pixels on every machine.
 *
 * ICO and ICNS are written here rather than with png2icons or icojs: each is a small header and a
 * table of images, a few dozen lines, not worth a dependency that can fall behind.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Resvg, type RenderedImage } from '@resvg/resvg-js'

const BUILD = resolve(import.meta.dirname, '../build')
const SOURCE = readFileSync(join(BUILD, 'icon.svg'), 'utf8')

/**
 * The SVG draws the macOS grid: an 824 px tile on a 1024 px canvas, the margin macOS expects.
 * Windows and Linux icons have almost none, so they are cut to the tile plus a 16 px rim: more
 * pixels for the drawing where 16 px is all there is.
 */
const MAC_VIEWBOX = '0 0 1024 1024'
const TIGHT_VIEWBOX = '84 84 856 856'

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
/** ICNS element types holding PNG data, with their pixel sizes (the @2x types are Retina). */
const ICNS_TYPES: [type: string, size: number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
]

function render(viewBox: string, size: number): RenderedImage {
  const svg = SOURCE.replace(`viewBox="${MAC_VIEWBOX}"`, `viewBox="${viewBox}"`)
  if (!svg.includes(`viewBox="${viewBox}"`))
    throw new Error(`build/icon.svg must have viewBox="${MAC_VIEWBOX}"`)
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
  }).render()
  if (image.width !== size || image.height !== size)
    throw new Error(`rendered ${image.width}×${image.height}, not ${size}`)
  return image
}

/**
 * A classic ICO image: a 32-bit BGRA bitmap, bottom-up, with the height doubled for the 1-bit AND
 * mask after it. Older Windows code paths (and NSIS) read small sizes only in this form.
 */
function icoBitmap(image: RenderedImage): Buffer {
  const { width: w, height: h, pixels } = image // pixels: RGBA, premultiplied, top-down
  const maskStride = Math.ceil(w / 32) * 4
  const header = Buffer.alloc(40)
  header.writeUInt32LE(40, 0) // BITMAPINFOHEADER
  header.writeInt32LE(w, 4)
  header.writeInt32LE(h * 2, 8)
  header.writeUInt16LE(1, 12) // planes
  header.writeUInt16LE(32, 14) // bits per pixel; compression (16) stays BI_RGB = 0
  header.writeUInt32LE(w * h * 4 + maskStride * h, 20)
  const colour = Buffer.alloc(w * h * 4)
  const mask = Buffer.alloc(maskStride * h)
  for (let y = 0; y < h; y++) {
    const row = h - 1 - y
    for (let x = 0; x < w; x++) {
      const from = (y * w + x) * 4
      const to = (row * w + x) * 4
      const alpha = pixels[from + 3] ?? 0
      const straight = (c: number): number => (alpha === 0 ? 0 : Math.min(255, Math.round((c * 255) / alpha)))
      colour[to] = straight(pixels[from + 2] ?? 0)
      colour[to + 1] = straight(pixels[from + 1] ?? 0)
      colour[to + 2] = straight(pixels[from] ?? 0)
      colour[to + 3] = alpha
      const bit = row * maskStride + (x >> 3)
      if (alpha === 0) mask[bit] = (mask[bit] ?? 0) | (0x80 >> (x & 7))
    }
  }
  return Buffer.concat([header, colour, mask])
}

/** ICONDIR, one ICONDIRENTRY per image, then the images: bitmaps below 256 px, PNG at 256. */
function ico(sizes: number[]): Buffer {
  const images = sizes.map((size) => {
    const image = render(TIGHT_VIEWBOX, size)
    return { size, data: size >= 256 ? image.asPng() : icoBitmap(image) }
  })
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, data }, i) => {
    const entry = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, entry) // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1)
    header.writeUInt16LE(1, entry + 4) // planes
    header.writeUInt16LE(32, entry + 6) // bits per pixel
    header.writeUInt32LE(data.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += data.length
  })
  return Buffer.concat([header, ...images.map((image) => image.data)])
}

/** 'icns' and the file length, then elements of a four-letter type, their length and a PNG. */
function icns(): Buffer {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const png = render(MAC_VIEWBOX, size).asPng()
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4)
  return Buffer.concat([head, ...elements])
}

mkdirSync(join(BUILD, 'icons'), { recursive: true })
for (const size of LINUX_SIZES) {
  writeFileSync(join(BUILD, 'icons', `${size}x${size}.png`), render(TIGHT_VIEWBOX, size).asPng())
}
writeFileSync(join(BUILD, 'icon.ico'), ico(ICO_SIZES))
writeFileSync(join(BUILD, 'icon.icns'), icns())
console.log(
  `build/icons/{${LINUX_SIZES.join(',')}}.png, build/icon.ico and build/icon.icns rendered from build/icon.svg`,
)
