/**
 * Classification of what the authenticating tunnel (proxy-auth/tunnel.ts) throws: ProxyAuthError by its
 * failure, ProxyTunnelError by its kind, status and the network code underneath. Pure, table-tested; the
 * behaviour against real proxies is in transport-proxy-auth.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../../src/main/llm/errors'
import type { ProxyConfig } from '../../../src/main/llm/proxy'
import { ProxyAuthError, ProxyTunnelError, type ProxyAuthFailure } from '../../../src/main/llm/proxy-auth'
import type { Route } from '../../../src/main/llm/routing'
import {
  isProxyUnreachable,
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
  username: 'CORP\\u',
  password: 'pw-secret-1',
  redacted: 'http://CORP%5Cu:***@10.0.0.1:3128',
  key: 'http://CORP%5Cu:pw-secret-1@10.0.0.1:3128',
}
const VIA_HTTP: Route = { kind: 'proxy', proxy }

function ctx(tags: ConnectTags = {}): FailureContext {
  return {
    provider: 'OpenAI',
    target: new URL('https://api.openai.com/v1/chat/completions'),
    route: VIA_HTTP,
    timeouts: DEFAULT_TIMEOUTS,
    signal: undefined,
    isClosed: () => false,
    tagsOf: () => tags,
  }
}

const AUTH_ROWS: {
  failure: ProxyAuthFailure
  offered: string[]
  want: Partial<ProviderError>
  words: RegExp
}[] = [
  {
    failure: 'proxy_auth_credentials_rejected',
    offered: ['NTLM'],
    want: { fact: 'proxy_auth_rejected', status: 407 },
    words: /rejected the username or password/,
  },
  {
    failure: 'proxy_auth_credentials_required',
    offered: ['Digest'],
    want: { fact: 'proxy_auth_required', status: 407 },
    words: /asks for a username and password/,
  },
  {
    failure: 'proxy_auth_kerberos_only',
    offered: ['Negotiate'],
    want: { fact: 'proxy_auth_kerberos_only', status: 407 },
    words: /only accepts Kerberos \(Negotiate\)/,
  },
  {
    failure: 'proxy_auth_scheme_unsupported',
    offered: ['Bearer'],
    want: { fact: 'proxy_auth_scheme_unsupported', status: 407 },
    words: /does not support \(it offers: Bearer\)/,
  },
  {
    failure: 'proxy_auth_malformed_challenge',
    offered: ['NTLM'],
    want: { fact: 'proxy_auth_scheme' },
    words: /could not be read/,
  },
  {
    failure: 'proxy_auth_connection_closed',
    offered: ['NTLM'],
    want: { fact: 'proxy_auth_scheme' },
    words: /closed the connection in the middle of the sign-in/,
  },
]

describe('ProxyAuthError → proxy_auth, never retried', () => {
  it.each(AUTH_ROWS)('$failure', ({ failure, offered, want, words }) => {
    const result = toProviderError(
      new ProxyAuthError(failure, offered),
      ctx({ duringConnect: true, atProxy: true }),
    )
    expect(result).toMatchObject({ kind: 'proxy_auth', retriable: false, proxy: '10.0.0.1:3128', ...want })
    expect(result.message).toMatch(words)
    // Kerberos is never worded as a wrong password.
    if (failure === 'proxy_auth_kerberos_only') expect(result.message).not.toMatch(/password/)
    expect(JSON.stringify({ ...result, message: result.message })).not.toContain('pw-secret-1')
    // An authentication failure is no reason to try the next route.
    expect(isProxyUnreachable(new ProxyAuthError(failure, offered), VIA_HTTP, { atProxy: true })).toBe(false)
  })
})

const closed = new ProxyTunnelError('Could not open a tunnel through the proxy: closed', 'proxy', undefined, {
  closed: true,
})
const refused = new ProxyTunnelError('Could not open a tunnel: connect ECONNREFUSED', 'proxy', undefined, {
  code: 'ECONNREFUSED',
})
const TUNNEL_ROWS: {
  name: string
  error: ProxyTunnelError
  tags: ConnectTags
  want: Partial<ProviderError>
  failOver: boolean
}[] = [
  {
    name: 'timeout → proxy_no_answer, fail over',
    error: new ProxyTunnelError('Timed out', 'timeout'),
    tags: { duringConnect: true, atProxy: true },
    want: { kind: 'proxy', fact: 'proxy_no_answer', timeoutMs: DEFAULT_TIMEOUTS.connectMs },
    failOver: true,
  },
  {
    name: 'HTTP 403 → proxy_refused_target',
    error: new ProxyTunnelError('HTTP 403', 'proxy', 403),
    tags: { duringConnect: true, atProxy: true },
    want: { kind: 'proxy', fact: 'proxy_refused_target', status: 403 },
    failOver: false,
  },
  {
    name: 'HTTP 502 → proxy_target_unreachable',
    error: new ProxyTunnelError('HTTP 502', 'proxy', 502),
    tags: { duringConnect: true, atProxy: true },
    want: { kind: 'proxy', fact: 'proxy_target_unreachable', status: 502 },
    failOver: false,
  },
  {
    name: 'refused at the proxy → proxy_unreachable, fail over',
    error: refused,
    tags: { duringConnect: true, atProxy: true },
    want: { kind: 'proxy', fact: 'proxy_unreachable', code: 'ECONNREFUSED' },
    failOver: true,
  },
  {
    name: 'closed while setting up → wrong_proxy_scheme',
    error: closed,
    tags: { duringConnect: true, atProxy: true, tunnelClosed: true },
    want: { kind: 'proxy', fact: 'wrong_proxy_scheme' },
    failOver: false,
  },
]

describe('ProxyTunnelError → by kind, status and code', () => {
  it.each(TUNNEL_ROWS)('$name', ({ error, tags, want, failOver }) => {
    expect(toProviderError(error, ctx(tags))).toMatchObject(want)
    expect(isProxyUnreachable(error, VIA_HTTP, tags)).toBe(failOver)
  })

  it('keeps the network code and the cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
    const error = new ProxyTunnelError('x', 'proxy', undefined, { code: 'ECONNREFUSED', cause })
    expect(error.code).toBe('ECONNREFUSED')
    expect(error.cause).toBe(cause)
  })
})
