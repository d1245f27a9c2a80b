/**
 * Reads HTTP/1.1 responses from a proxy connection one at a time, bodies included, so that the connection
 * can carry the next request of an authentication handshake (NTLM needs the same connection throughout).
 */
import type { Duplex } from 'node:stream'

export interface ProxyResponse {
  status: number
  /** Header fields in order, names lower-cased; repeated fields appear repeatedly. */
  headers: [string, string][]
  /** The proxy will close the connection after this response. */
  closes: boolean
}

const MAX_HEAD = 64 * 1024

export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError'
}

export class ResponseReader {
  private buffer = Buffer.alloc(0)
  private ended = false
  private failure: Error | undefined
  private wake: (() => void) | undefined
  private readonly onData = (chunk: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, chunk])
    this.notify()
  }
  private readonly onEnd = (): void => {
    this.ended = true
    this.notify()
  }
  private readonly onError = (err: Error): void => {
    this.failure = err
    this.notify()
  }

  constructor(private readonly socket: Duplex) {
    socket.on('data', this.onData)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
    socket.on('error', this.onError)
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  /** Waits until `test` finds what it needs in the buffer (returns >= 0), or the connection ends. */
  private async until(test: () => number): Promise<number> {
    for (;;) {
      const found = test()
      if (found >= 0) return found
      if (this.failure) throw this.failure
      if (this.ended) throw new ConnectionClosedError('The proxy closed the connection.')
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  private async line(): Promise<string> {
    const end = await this.until(() => this.buffer.indexOf('\r\n'))
    const text = this.buffer.subarray(0, end).toString('latin1')
    this.buffer = this.buffer.subarray(end + 2)
    return text
  }

  private async skip(bytes: number): Promise<void> {
    await this.until(() => (this.buffer.length >= bytes ? 0 : -1))
    this.buffer = this.buffer.subarray(bytes)
  }

  /** Reads one response; the body of anything but a 2xx answer to CONNECT is read and dropped. */
  async read(): Promise<ProxyResponse> {
    const end = await this.until(() => {
      const at = this.buffer.indexOf('\r\n\r\n')
      if (at < 0 && this.buffer.length > MAX_HEAD)
        throw new Error('The proxy sent an oversized response head.')
      return at
    })
    const [statusLine = '', ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n')
    this.buffer = this.buffer.subarray(end + 4)
    const match = /^HTTP\/1\.([01]) (\d{3})/.exec(statusLine)
    if (!match) throw new Error('The proxy did not answer with HTTP/1.x.')
    const status = Number(match[2])
    const headers: [string, string][] = []
    for (const line of lines) {
      const colon = line.indexOf(':')
      if (colon > 0) headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()])
    }
    const get = (name: string): string | undefined => headers.find(([n]) => n === name)?.[1]
    const connection = `${get('connection') ?? ''},${get('proxy-connection') ?? ''}`.toLowerCase()
    let closes = connection.includes('close') || (match[1] === '0' && !connection.includes('keep-alive'))
    if (status >= 200 && status < 300) return { status, headers, closes }

    const length = get('content-length')
    if (get('transfer-encoding')?.toLowerCase().includes('chunked')) await this.skipChunked()
    else if (length !== undefined) await this.skip(Number(length) || 0)
    else if (status !== 204 && status !== 304) closes = true // the body runs to the end of the connection
    return { status, headers, closes }
  }

  private async skipChunked(): Promise<void> {
    for (;;) {
      const size = parseInt((await this.line()).split(';')[0] ?? '', 16)
      if (!Number.isFinite(size) || size < 0) throw new Error('The proxy sent a malformed chunked body.')
      if (size === 0) break
      await this.skip(size + 2)
    }
    while ((await this.line()) !== '') {
      // trailer fields: ignored
    }
  }

  /** Stops reading and hands the socket back paused, with any bytes past the last response put back. */
  release(): void {
    this.socket.pause()
    this.socket.off('data', this.onData)
    this.socket.off('end', this.onEnd)
    this.socket.off('close', this.onEnd)
    this.socket.off('error', this.onError)
    if (this.buffer.length > 0) this.socket.unshift(this.buffer)
    this.buffer = Buffer.alloc(0)
  }
}
