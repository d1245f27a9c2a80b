/**
 * Only our own page may call main. The frame that sent the message is checked, not the web
 * contents: a web contents keeps its id while its frames navigate or embed other origins.
 */
import type { WebFrameMain } from 'electron'

export type UrlCheck = (url: string) => boolean

/** A frame that is gone (null), disposed, or not our top-level page is refused. */
export function isTrustedSender(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null,
  isOwnUrl: UrlCheck,
): boolean {
  if (frame === null) return false
  try {
    return frame.parent === null && isOwnUrl(frame.url)
  } catch {
    // Reading a disposed frame throws.
    return false
  }
}
