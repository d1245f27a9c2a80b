/**
 * The committed icons (scripts/render-icons.ts writes them from build/icon.svg) are what
 * electron-builder.yml points at, in the containers and sizes each platform reads.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const BUILD = resolve(import.meta.dirname, '../../build')
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  expect(png.toString('ascii', 12, 16)).toBe('IHDR')
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

describe('icons', () => {
  it('has the Linux set, each PNG the size its name says', () => {
    const names = readdirSync(join(BUILD, 'icons')).sort((a, b) => parseInt(a) - parseInt(b))
    expect(names).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => `${size}x${size}.png`))
    for (const name of names) {
      const size = parseInt(name)
      expect(pngSize(readFileSync(join(BUILD, 'icons', name)))).toEqual([size, size])
    }
  })

  it('has a Windows ICO of 16…256 px: bitmaps below 256, PNG at 256', () => {
    const ico = readFileSync(join(BUILD, 'icon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const sizes: number[] = []
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const entry = 6 + 16 * i
      const size = ico.readUInt8(entry) || 256
      const [length, offset] = [ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)]
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      const image = ico.subarray(offset, offset + length)
      if (size === 256) {
        expect(pngSize(image)).toEqual([256, 256])
      } else {
        // BITMAPINFOHEADER: its size, width, doubled height (colour + mask), planes, 32 bits.
        expect([image.readUInt32LE(0), image.readInt32LE(4), image.readInt32LE(8)]).toEqual([
          40,
          size,
          size * 2,
        ])
        expect([image.readUInt16LE(12), image.readUInt16LE(14)]).toEqual([1, 32])
        expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size)
      }
      sizes.push(size)
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 256]))
  })

  it('has a macOS ICNS of PNG elements from 16 to 1024 px', () => {
    const icns = readFileSync(join(BUILD, 'icon.icns'))
    expect(icns.toString('ascii', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const elements = new Map<string, number>()
    for (let offset = 8; offset < icns.length;) {
      const length = icns.readUInt32BE(offset + 4)
      const [width, height] = pngSize(icns.subarray(offset + 8, offset + length))
      expect(width).toBe(height)
      elements.set(icns.toString('ascii', offset, offset + 4), width)
      offset += length
    }
    expect(Object.fromEntries(elements)).toEqual({
      icp4: 16,
      icp5: 32,
      ic11: 32,
      ic12: 64,
      ic07: 128,
      ic13: 256,
      ic08: 256,
      ic14: 512,
      ic09: 512,
      ic10: 1024,
    })
  })

  it('is what electron-builder.yml uses', () => {
    const config = readFileSync(resolve(BUILD, '../electron-builder.yml'), 'utf8')
    expect(config).toMatch(/^ {2}icon: build\/icons$/m)
    expect(config).toMatch(/^ {2}icon: build\/icon\.ico$/m)
    expect(config).toMatch(/^ {2}icon: build\/icon\.icns$/m)
  })
})
