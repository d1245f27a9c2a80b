/**
 * The transport's error classification, table-tested: a low-level error (as undici, Node or the SOCKS client
 * throws it) plus where it happened → the kind and facts the window words. Pure: no sockets here; the
 * end-to-end behaviour against real proxies is in transport.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../../src/main/llm/errors'
import type { ProxyConfig } from '../../../src/main/llm/proxy'
import type { Route } from '../../../src/main/llm/routing'
import {
  isProxyUnreachable,
  proxyAuthError,
  toProviderError,
  type ConnectTags,
  type FailureContext,
} from '../../../src/main/llm/transport-errors'
import { DEFAULT_TIMEOUTS } from '../../../src/main/llm/transport-types'

const proxy: ProxyConfig = {
  scheme: 'http',
  hostname: '10.0.0.1',
  port: 3128,
  address: '10.0.0.1:3128',
  username: 'u',
  password: 'pw-secret-1',
  redacted: 'http://u:***@10.0.0.1:3128',
  key: 'http://u:pw-secret-1@10.0.0.1:3128',
}
const socks: ProxyConfig = { ...proxy, scheme: 'socks5h', redacted: 'socks5h://u:***@10.0.0.1:3128' }
const DIRECT: Route = { kind: 'direct' }
const VIA_HTTP: Route = { kind: 'proxy', proxy }
const VIA_SOCKS: Route = { kind: 'proxy', proxy: socks }

function ctx(route: Route, tags: ConnectTags = {}, extra: Partial<FailureContext> = {}): FailureContext {
  return {
    provider: 'OpenAI',
    target: new URL('https://api.openai.com/v1/chat/completions'),
    route,
    timeouts: DEFAULT_TIMEOUTS,
    signal: undefined,
    isClosed: () => false,
    tagsOf: () => tags,
    ...extra,
  }
}

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code })
/** What the socks package throws: a SocksClientError carrying its options. */
const socksError = (message: string): Error => Object.assign(new Error(message), { options: { proxy: {} } })

interface Row {
  name: string
  error: unknown
  route: Route
  tags?: ConnectTags
  phase?: 'body'
  want: Partial<ProviderError>
}

const ROWS: Row[] = [
  // Direct connections.
  {
    name: 'unknown host',
    error: coded('ENOTFOUND'),
    route: DIRECT,
    want: { kind: 'network', fact: 'host_not_found', code: 'ENOTFOUND', host: 'api.openai.com' },
  },
  {
    name: 'refused',
    error: coded('ECONNREFUSED'),
    route: DIRECT,
    want: { kind: 'network', fact: 'connection_failed', code: 'ECONNREFUSED' },
  },
  {
    name: 'reset during the reply',
    error: coded('ECONNRESET'),
    route: DIRECT,
    phase: 'body',
    want: { kind: 'network', fact: 'connection_dropped' },
  },
  {
    name: 'TLS handshake failure',
    error: coded('ERR_SSL_WRONG_VERSION_NUMBER'),
    route: DIRECT,
    want: { kind: 'network', fact: 'tls_failed' },
  },
  {
    name: 'untrusted certificate',
    error: coded('SELF_SIGNED_CERT_IN_CHAIN'),
    route: DIRECT,
    want: { kind: 'network', fact: 'certificate_untrusted', retriable: false },
  },
  {
    name: 'connect timeout',
    error: coded('UND_ERR_CONNECT_TIMEOUT'),
    route: DIRECT,
    want: { kind: 'timeout', fact: 'connect_timeout', timeoutMs: DEFAULT_TIMEOUTS.connectMs },
  },
  {
    name: 'first-byte timeout',
    error: coded('UND_ERR_HEADERS_TIMEOUT'),
    route: DIRECT,
    want: { kind: 'timeout', fact: 'first_byte_timeout', timeoutMs: DEFAULT_TIMEOUTS.firstByteMs },
  },
  {
    name: 'idle timeout',
    error: coded('UND_ERR_BODY_TIMEOUT'),
    route: DIRECT,
    want: { kind: 'timeout', fact: 'idle_timeout', timeoutMs: DEFAULT_TIMEOUTS.idleMs },
  },
  {
    name: 'invalid request',
    error: coded('UND_ERR_INVALID_ARG'),
    route: DIRECT,
    want: { kind: 'bad_request', retriable: false },
  },
  // HTTP(S) proxies.
  {
    name: 'CONNECT 407',
    error: new Error('Proxy response (407) !== 200 when HTTP Tunneling'),
    route: VIA_HTTP,
    want: { kind: 'proxy_auth', fact: 'proxy_auth_rejected', status: 407, proxy: '10.0.0.1:3128' },
  },
  {
    name: 'CONNECT 403',
    error: new Error('Proxy response (403) !== 200 when HTTP Tunneling'),
    route: VIA_HTTP,
    want: { kind: 'proxy', fact: 'proxy_refused_target', status: 403 },
  },
  {
    name: 'CONNECT 502',
    error: new Error('Proxy response (502) !== 200 when HTTP Tunneling'),
    route: VIA_HTTP,
    want: { kind: 'proxy', fact: 'proxy_target_unreachable', status: 502 },
  },
  {
    name: 'proxy refuses the connection',
    error: coded('ECONNREFUSED'),
    route: VIA_HTTP,
    tags: { duringConnect: true, atProxy: true },
    want: { kind: 'proxy', fact: 'proxy_unreachable', code: 'ECONNREFUSED' },
  },
  {
    name: 'proxy never answers CONNECT',
    error: coded('UND_ERR_HEADERS_TIMEOUT'),
    route: VIA_HTTP,
    tags: { duringConnect: true },
    want: { kind: 'proxy', fact: 'proxy_no_answer' },
  },
  {
    name: 'proxy hangs up during the tunnel',
    error: coded('ECONNRESET'),
    route: VIA_HTTP,
    tags: { duringConnect: true, tunnelClosed: true },
    want: { kind: 'proxy', fact: 'wrong_proxy_scheme' },
  },
  {
    name: 'TLS spoken to a plain proxy',
    error: coded('ERR_SSL_WRONG_VERSION_NUMBER'),
    route: VIA_HTTP,
    tags: { atProxy: true },
    want: { kind: 'proxy', fact: 'wrong_proxy_scheme' },
  },
  {
    name: "proxy's certificate untrusted",
    error: coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
    route: VIA_HTTP,
    tags: { atProxy: true },
    want: { kind: 'network', fact: 'certificate_untrusted', proxy: '10.0.0.1:3128' },
  },
  {
    name: 'target refused past the proxy',
    error: coded('ECONNREFUSED'),
    route: VIA_HTTP,
    want: { kind: 'network', fact: 'connection_failed' },
  },
  // SOCKS proxies.
  {
    name: 'SOCKS wrong password',
    error: socksError('Socks5 Authentication failed'),
    route: VIA_SOCKS,
    want: { kind: 'proxy_auth', fact: 'proxy_auth_rejected' },
  },
  {
    name: 'SOCKS method',
    error: socksError('Socks5 Authentication failed - no accepted authentication type'),
    route: VIA_SOCKS,
    want: { kind: 'proxy_auth' },
  },
  {
    name: 'SOCKS refused target',
    error: socksError('Socks5 proxy rejected connection - NotAllowed'),
    route: VIA_SOCKS,
    want: { kind: 'proxy', fact: 'proxy_refused_target', code: 'NotAllowed' },
  },
  {
    name: 'SOCKS target down',
    error: socksError('Socks5 proxy rejected connection - HostUnreachable'),
    route: VIA_SOCKS,
    want: { kind: 'network', fact: 'proxy_target_unreachable' },
  },
  {
    name: 'SOCKS timeout',
    error: socksError('Proxy connection timed out'),
    route: VIA_SOCKS,
    want: { kind: 'proxy', fact: 'proxy_no_answer' },
  },
  {
    name: 'SOCKS unreachable',
    error: socksError('connect ECONNREFUSED 10.0.0.1:3128'),
    route: VIA_SOCKS,
    want: { kind: 'proxy', fact: 'proxy_unreachable', code: 'ECONNREFUSED' },
  },
  {
    name: 'SOCKS other',
    error: socksError('Received invalid Socks5 initial handshake'),
    route: VIA_SOCKS,
    want: { kind: 'proxy', fact: 'socks_failed' },
  },
]

describe('toProviderError: low-level error + context → kind and facts', () => {
  it.each(ROWS)('$name', ({ error, route, tags, phase, want }) => {
    const result = toProviderError(error, ctx(route, tags, phase ? { phase } : {}))
    expect(result).toBeInstanceOf(ProviderError)
    expect(result).toMatchObject(want)
    expect(result.provider).toBe('OpenAI')
    // Nothing the window shows carries the proxy password.
    expect(JSON.stringify({ ...result, message: result.message })).not.toContain('pw-secret-1')
  })

  it('a cancelled request is aborted, a closed transport too (with the fact)', () => {
    const controller = new AbortController()
    controller.abort()
    expect(
      toProviderError(coded('ECONNRESET'), ctx(DIRECT, {}, { signal: controller.signal })),
    ).toMatchObject({
      kind: 'aborted',
    })
    expect(toProviderError(coded('ECONNRESET'), ctx(DIRECT, {}, { isClosed: () => true }))).toMatchObject({
      kind: 'aborted',
      fact: 'closed',
    })
  })

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError({ provider: 'X', kind: 'auth', message: 'no' })
    expect(toProviderError(original, ctx(DIRECT))).toBe(original)
  })
})

describe('the one wording of a 407', () => {
  it('names the proxy, the status and what to do, with facts for the window', () => {
    const rejected = proxyAuthError({ provider: 'P', proxy: '10.0.0.1:3128', status: 407 })
    expect(rejected.message).toBe(
      'The proxy at 10.0.0.1:3128 rejected the username or password (HTTP 407): check them in the proxy settings.',
    )
    expect(rejected).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_rejected', status: 407 })
    const required = proxyAuthError({
      provider: 'P',
      status: 407,
      noCredentials: true,
      providerMessage: 'Go away',
    })
    expect(required.message).toBe(
      'The proxy asks for a username and password (HTTP 407): set them in the proxy settings. The proxy said: "Go away"',
    )
    expect(required).toMatchObject({ fact: 'proxy_auth_required', providerMessage: 'Go away' })
  })
})

describe('isProxyUnreachable: when to fail over to the next route', () => {
  it.each([
    {
      name: 'refused at the proxy',
      error: coded('ECONNREFUSED'),
      route: VIA_HTTP,
      tags: { atProxy: true },
      want: true,
    },
    {
      name: 'connect timeout at the proxy',
      error: coded('UND_ERR_CONNECT_TIMEOUT'),
      route: VIA_HTTP,
      tags: { atProxy: true },
      want: true,
    },
    {
      name: 'no answer to CONNECT',
      error: coded('UND_ERR_HEADERS_TIMEOUT'),
      route: VIA_HTTP,
      tags: { duringConnect: true },
      want: true,
    },
    { name: 'refused past the proxy', error: coded('ECONNREFUSED'), route: VIA_HTTP, tags: {}, want: false },
    {
      name: 'first-byte timeout of the reply',
      error: coded('UND_ERR_HEADERS_TIMEOUT'),
      route: VIA_HTTP,
      tags: {},
      want: false,
    },
    {
      name: 'SOCKS timed out',
      error: socksError('Proxy connection timed out'),
      route: VIA_SOCKS,
      tags: {},
      want: true,
    },
    {
      name: 'SOCKS refused target',
      error: socksError('Socks5 proxy rejected connection - NotAllowed'),
      route: VIA_SOCKS,
      tags: {},
      want: false,
    },
    { name: 'direct', error: coded('ECONNREFUSED'), route: DIRECT, tags: { atProxy: true }, want: false },
  ])('$name → $want', ({ error, route, tags, want }) => {
    expect(isProxyUnreachable(error, route, tags)).toBe(want)
  })
})
