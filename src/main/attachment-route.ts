/**
 * The window's one way to a stored image: `app://proxychat/attachments/<sha256>`. Only a 64-hex hash is
 * accepted (no name, no path), only a raster image is served (never SVG, never text or PDF), with the media
 * type read from the bytes and `nosniff`. No electron import: the browser tests serve the same route.
 */
import { ATTACHMENT_HASH } from '../shared/attachments'

export const ATTACHMENT_ROUTE = '/attachments/'

export type ImageLookup = (hash: string) => Promise<{ bytes: Uint8Array; mediaType: string } | undefined>

/** The response for an attachment path, or undefined when the path is not under /attachments/. */
export async function serveAttachment(
  pathname: string,
  method: string,
  lookup: ImageLookup,
  headers: Readonly<Record<string, string>>,
): Promise<Response | undefined> {
  if (!pathname.startsWith(ATTACHMENT_ROUTE)) return undefined
  const plain = (status: number, text: string): Response =>
    new Response(text, {
      status,
      headers: {
        ...headers,
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      },
    })
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method not allowed')
  const hash = pathname.slice(ATTACHMENT_ROUTE.length)
  if (!ATTACHMENT_HASH.test(hash)) return plain(404, 'Not found')
  const image = await lookup(hash).catch(() => undefined)
  if (!image) return plain(404, 'Not found')
  return new Response(method === 'HEAD' ? null : new Uint8Array(image.bytes), {
    status: 200,
    headers: {
      ...headers,
      'Content-Type': image.mediaType,
      'X-Content-Type-Options': 'nosniff',
      // Content-addressed: the bytes under a hash never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
      'Content-Disposition': 'inline',
    },
  })
}
