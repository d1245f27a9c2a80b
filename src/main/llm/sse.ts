/**
 * Server-sent events decoder (WHATWG EventSource parsing rules), synchronous per network read.
 *
 * Cost is linear in the bytes received whatever the read boundaries: each read is scanned once, and a
 * line split over many reads is appended to a rope (V8 concatenation does not copy) read once at its end.
 */

export interface SseEvent {
  /** The `event:` field, or 'message' when there was none. */
  event: string
  /** The `data:` lines joined with "\n". */
  data: string
  /** The last `id:` seen on the stream (ids carry over to later events, as in EventSource). */
  id?: string
}

const LF = 10
const SPACE = 32
const COLON = 58
const STREAM = { stream: true }
/** Shared result for the many reads that complete no event. */
const NONE: readonly SseEvent[] = Object.freeze([])

export class SseDecoder {
  // Strips a leading BOM once (ignoreBOM defaults to false) and keeps split UTF-8 sequences for the next read.
  private utf8 = new TextDecoder('utf-8')
  /** Start of a line whose ending has not arrived yet (appending builds a rope: no copying until it is read). */
  private tail = ''
  /** The last read ended with CR: an LF opening the next read belongs to the same line ending. */
  private skipLf = false
  /** Data of the event being built; undefined until a `data` field arrives (an event without one is dropped). */
  private data: string | undefined = undefined
  private event = ''
  private id: string | undefined = undefined
  /** Events completed by the current read; allocated only when there is one. */
  private out: SseEvent[] | null = null

  /** Decodes one network read and returns the events it completed. */
  push(bytes: Uint8Array): readonly SseEvent[] {
    this.feed(this.utf8.decode(bytes, STREAM))
    return this.take()
  }

  /**
   * Ends the stream. Unlike EventSource, a last event whose blank line never came is still delivered:
   * some servers close right after their final `data:` line.
   */
  end(): readonly SseEvent[] {
    this.feed(this.utf8.decode())
    if (this.tail !== '') {
      const line = this.tail
      this.tail = ''
      this.line(line, 0, line.length)
    }
    this.dispatch()
    this.skipLf = false
    this.id = undefined
    return this.take()
  }

  private feed(text: string): void {
    const len = text.length
    if (len === 0) return
    let pos = 0
    if (this.skipLf) {
      this.skipLf = false
      if (text.charCodeAt(0) === LF) pos = 1
    }
    // Next LF and CR at or after pos; `len` means none. Each is searched forward only, so the read is scanned once.
    let lf = -1
    let cr = -1
    while (pos < len) {
      if (lf < pos) {
        lf = text.indexOf('\n', pos)
        if (lf === -1) lf = len
      }
      if (cr < pos) {
        cr = text.indexOf('\r', pos)
        if (cr === -1) cr = len
      }
      const end = lf < cr ? lf : cr
      if (end === len) break
      if (this.tail !== '') {
        const line = this.tail + text.slice(pos, end)
        this.tail = ''
        this.line(line, 0, line.length)
      } else if (end === lf && this.data === undefined && text.charCodeAt(end + 1) === LF) {
        // Fast path for the usual event, one `data:` line and a blank line: no per-line bookkeeping.
        const from = dataValueStart(text, pos, end)
        if (from !== -1) {
          this.emit({
            event: this.event === '' ? 'message' : this.event,
            data: text.slice(from, end),
            id: this.id,
          })
          this.event = ''
          pos = end + 2
          continue
        }
        this.line(text, pos, end)
      } else {
        this.line(text, pos, end)
      }
      pos = end + 1
      if (end === cr) {
        if (pos === len) this.skipLf = true
        else if (text.charCodeAt(pos) === LF) pos++
      }
    }
    if (pos < len) this.tail += pos === 0 ? text : text.slice(pos)
  }

  /** Handles the line text[start, end). */
  private line(text: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch()
      return
    }
    const first = text.charCodeAt(start)
    if (first === COLON) return
    const from = dataValueStart(text, start, end)
    if (from !== -1) {
      this.addData(text.slice(from, end))
      return
    }
    let colon = start
    while (colon < end && text.charCodeAt(colon) !== COLON) colon++
    const field = text.slice(start, colon)
    let value = ''
    if (colon < end) value = text.slice(text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1, end)
    switch (field) {
      case 'data':
        this.addData(value)
        break
      case 'event':
        this.event = value
        break
      case 'id':
        if (!value.includes('\0')) this.id = value
        break
      // `retry` and unknown fields are ignored: reconnection is the caller's business.
    }
  }

  private emit(ev: SseEvent): void {
    if (this.out === null) this.out = [ev]
    else this.out.push(ev)
  }

  private take(): readonly SseEvent[] {
    const out = this.out ?? NONE
    this.out = null
    return out
  }

  private addData(value: string): void {
    this.data = this.data === undefined ? value : `${this.data}\n${value}`
  }

  private dispatch(): void {
    if (this.data !== undefined) {
      this.emit({ event: this.event === '' ? 'message' : this.event, data: this.data, id: this.id })
      this.data = undefined
    }
    this.event = ''
  }
}

/** Where the value of a `data:` line text[start, end) begins, or -1 for any other line. Nearly every line is one. */
function dataValueStart(text: string, start: number, end: number): number {
  if (
    end - start < 5 ||
    text.charCodeAt(start) !== 100 ||
    text.charCodeAt(start + 4) !== COLON ||
    text.charCodeAt(start + 1) !== 97 ||
    text.charCodeAt(start + 2) !== 116 ||
    text.charCodeAt(start + 3) !== 97
  ) {
    return -1
  }
  return text.charCodeAt(start + 5) === SPACE && start + 5 < end ? start + 6 : start + 5
}
