import { describe, it, expect } from 'vitest'
import { ProviderError } from '../../../src/main/llm/errors'
import {
  cutOffReplyError,
  errorFromResponse,
  errorFromStreamPayload,
  unreadableReplyError,
} from '../../../src/main/llm/http-errors'

const json = (error: object): string => JSON.stringify({ error })
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0)

describe('errorFromResponse', () => {
  it('401 and 403: auth, says where to fix the key, quotes the provider', () => {
    for (const status of [401, 403]) {
      const e = errorFromResponse(
        'OpenAI',
        status,
        {},
        json({
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        }),
      )
      expect(e).toBeInstanceOf(ProviderError)
      expect(e.kind).toBe('auth')
      expect(e.status).toBe(status)
      expect(e.retriable).toBe(false)
      expect(e.code).toBe('invalid_api_key')
      expect(e.message).toBe(
        `OpenAI rejected the API key (HTTP ${status}): check the key in the provider settings. OpenAI said: "Incorrect API key provided."`,
      )
    }
  })

  it('never shows a key the provider echoes back', () => {
    const e = errorFromResponse(
      'OpenAI',
      401,
      {},
      json({ message: 'Incorrect API key provided: sk-abcdefghijklmnop1234.' }),
    )
    expect(e.message).not.toContain('sk-abcdefghijklmnop1234')
    expect(e.message).toContain('***')
  })

  it('403 unsupported_country_region_territory: region, tells the user to use a proxy', () => {
    const e = errorFromResponse(
      'OpenAI',
      403,
      {},
      json({
        code: 'unsupported_country_region_territory',
        message: 'Country, region, or territory not supported',
        param: null,
        type: 'request_forbidden',
      }),
    )
    expect(e.kind).toBe('region')
    expect(e.retriable).toBe(false)
    expect(e.code).toBe('unsupported_country_region_territory')
    expect(e.message).toContain(
      'not available in the country your connection comes from: use a proxy in a supported country',
    )
  })

  it('recognises region blocks by their text (Google) and HTTP 451', () => {
    const google = JSON.stringify({
      error: {
        code: 400,
        message: 'User location is not supported for the API use.',
        status: 'FAILED_PRECONDITION',
      },
    })
    expect(errorFromResponse('Gemini', 400, {}, google).kind).toBe('region')
    expect(errorFromResponse('Gemini', 400, {}, `[${google}]`).kind).toBe('region')
    expect(errorFromResponse('X', 451, {}, '').kind).toBe('region')
    expect(errorFromResponse('X', 403, {}, json({ message: 'Project lacks access' })).kind).toBe('auth')
  })

  it('407: proxy_auth, points at the proxy settings', () => {
    const e = errorFromResponse('OpenAI', 407, {}, 'Proxy Authentication Required')
    expect(e.kind).toBe('proxy_auth')
    expect(e.message).toBe(
      'The proxy rejected the username or password (HTTP 407): check them in the proxy settings. The proxy said: "Proxy Authentication Required"',
    )
  })

  it('408: timeout, retriable', () => {
    const e = errorFromResponse('Groq', 408, {}, '')
    expect(e.kind).toBe('timeout')
    expect(e.retriable).toBe(true)
    expect(e.message).toBe('Groq gave up waiting for the request (HTTP 408): try again.')
  })

  it('429: rate_limit with the Retry-After wait in the message', () => {
    const e = errorFromResponse('Groq', 429, { 'retry-after': '20' }, json({ message: 'Rate limit reached' }))
    expect(e.kind).toBe('rate_limit')
    expect(e.retriable).toBe(true)
    expect(e.retryAfterMs).toBe(20_000)
    expect(e.message).toContain('wait 20 seconds and try again')
    expect(e.message).toContain('Groq said: "Rate limit reached"')
  })

  it('429 insufficient_quota: not retriable, talks about billing', () => {
    const e = errorFromResponse(
      'OpenAI',
      429,
      {},
      json({
        message: 'You exceeded your current quota',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      }),
    )
    expect(e.kind).toBe('rate_limit')
    expect(e.retriable).toBe(false)
    expect(e.message).toContain('no credit or quota left')
  })

  it('402 (OpenRouter out of credits): bad_request, not retriable, talks about billing', () => {
    const e = errorFromResponse('OpenRouter', 402, {}, json({ code: 402, message: 'Insufficient credits' }))
    expect(e.kind).toBe('bad_request')
    expect(e.retriable).toBe(false)
    expect(e.message).toContain('no credit or quota left (HTTP 402)')
    expect(e.message).toContain('"Insufficient credits"')
  })

  it('Retry-After: seconds, decimals, HTTP dates, arrays, any case; garbage ignored', () => {
    const wait = (headers: Record<string, string | string[] | undefined>): number | undefined =>
      errorFromResponse('X', 429, headers, '', NOW).retryAfterMs
    expect(wait({ 'retry-after': '0' })).toBe(0)
    expect(wait({ 'retry-after': '1.5' })).toBe(1500)
    expect(wait({ 'Retry-After': ' 3 ' })).toBe(3000)
    expect(wait({ 'retry-after': ['7', '9'] })).toBe(7000)
    expect(wait({ 'retry-after': new Date(NOW + 30_000).toUTCString() })).toBe(30_000)
    expect(wait({ 'retry-after': 'Wed, 01 Jan 2020 00:00:00 GMT' })).toBe(0)
    expect(wait({ 'retry-after-ms': '250', 'retry-after': '1' })).toBe(250)
    for (const garbage of ['-5', 'soon', '5s', '', '1e3', 'Mon, garbage']) {
      expect(wait({ 'retry-after': garbage }), garbage).toBeUndefined()
    }
    expect(wait({})).toBeUndefined()
    expect(errorFromResponse('X', 503, { 'retry-after': '2' }, '').retryAfterMs).toBe(2000)
  })

  it('400, 404, 413, 422 and other 4xx: bad_request, not retriable', () => {
    const e404 = errorFromResponse(
      'Ollama',
      404,
      {},
      '{"error":"model \\"llama9\\" not found, try pulling it first"}',
    )
    expect(e404.kind).toBe('bad_request')
    expect(e404.retriable).toBe(false)
    expect(e404.message).toContain('check the model name and the base URL in the provider settings')
    expect(e404.message).toContain('Ollama said: "model "llama9" not found, try pulling it first"')
    for (const status of [400, 409, 413, 422]) {
      const e = errorFromResponse('X', status, {}, json({ message: 'bad' }))
      expect(e.kind, String(status)).toBe('bad_request')
      expect(e.retriable).toBe(false)
    }
    expect(errorFromResponse('X', 413, {}, '').message).toContain('shorten the conversation')
  })

  it('5xx and 529: server, retriable', () => {
    for (const status of [500, 502, 503, 504, 529]) {
      const e = errorFromResponse('Anthropic', status, {}, '')
      expect(e.kind, String(status)).toBe('server')
      expect(e.retriable).toBe(true)
      expect(e.message).toMatch(/try again/)
    }
    const overloaded = errorFromResponse(
      'Anthropic',
      529,
      {},
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
    )
    expect(overloaded.code).toBe('overloaded_error')
    expect(overloaded.message).toBe(
      'Anthropic is overloaded (HTTP 529): try again in a moment, or use another provider. Anthropic said: "Overloaded"',
    )
  })

  it('quotes plain text and HTML bodies, clipped to about 300 characters', () => {
    const long = errorFromResponse('X', 500, {}, 'x'.repeat(5000))
    expect(long.message).toContain(`"${'x'.repeat(300)}…"`)
    expect(long.message.length).toBeLessThan(450)
    const html = errorFromResponse(
      'X',
      502,
      {},
      '<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>',
    )
    expect(html.message).toContain('X said: "502 Bad Gateway nginx"')
    expect(errorFromResponse('X', 500, {}, '   ').message).not.toContain('said')
    expect(errorFromResponse('X', 400, {}, '{"message":"top-level"}').message).toContain('"top-level"')
    expect(errorFromResponse('X', 422, {}, '{"detail":"field required"}').message).toContain(
      '"field required"',
    )
    expect(errorFromResponse('X', 400, {}, '{not json').message).toContain('"{not json"')
  })
})

describe('errorFromStreamPayload', () => {
  const cases: [string, unknown, string][] = [
    ['OpenAI server_error', { message: 'The server had an error', type: 'server_error' }, 'server'],
    [
      'OpenRouter string code',
      { code: 'server_error', message: 'Provider disconnected unexpectedly' },
      'server',
    ],
    ['OpenRouter 502', { code: 502, message: 'Network connection lost.' }, 'server'],
    ['OpenRouter 429', { code: 429, message: 'Rate limited' }, 'rate_limit'],
    ['OpenRouter 408', { code: 408, message: 'Timed out' }, 'timeout'],
    ['rate_limit_exceeded', { code: 'rate_limit_exceeded', message: 'x' }, 'rate_limit'],
    ['Anthropic overloaded', { type: 'overloaded_error', message: 'Overloaded' }, 'server'],
    ['Anthropic rate limit', { type: 'rate_limit_error', message: 'x' }, 'rate_limit'],
    ['Anthropic auth', { type: 'authentication_error', message: 'x' }, 'auth'],
    ['Anthropic permission', { type: 'permission_error', message: 'x' }, 'auth'],
    ['Anthropic invalid request', { type: 'invalid_request_error', message: 'x' }, 'bad_request'],
    ['Anthropic envelope', { type: 'error', error: { type: 'api_error', message: 'x' } }, 'server'],
    ['region', { code: 'unsupported_country_region_territory', message: 'x' }, 'region'],
    ['plain text', 'something broke', 'server'],
    ['unknown shape', { foo: 1 }, 'server'],
    ['null', null, 'server'],
  ]
  for (const [name, payload, kind] of cases) {
    it(`${name} → ${kind}`, () => {
      const e = errorFromStreamPayload('P', payload)
      expect(e).toBeInstanceOf(ProviderError)
      expect(e.kind).toBe(kind)
      expect(e.provider).toBe('P')
      expect(e.status).toBeUndefined()
    })
  }

  it('says what to do and quotes the provider', () => {
    const e = errorFromStreamPayload('OpenRouter', { code: 502, message: 'Network connection lost.' })
    expect(e.message).toBe(
      'OpenRouter stopped replying because of an error on its side: try again, or use another provider. OpenRouter said: "Network connection lost."',
    )
    expect(e.code).toBe('502')
    expect(errorFromStreamPayload('P', 'boom').message).toContain('P said: "boom"')
    const quota = errorFromStreamPayload('P', { code: 'insufficient_quota', message: 'no money' })
    expect(quota.retriable).toBe(false)
    expect(quota.message).toContain('no credit or quota left')
    expect(errorFromStreamPayload('P', { code: 402, message: 'x' }).retriable).toBe(false)
    expect(errorFromStreamPayload('P', { code: 429, message: 'x' }).retriable).toBe(true)
  })
})

describe('facts for the window', () => {
  it.each([
    { status: 404, body: '', want: { kind: 'bad_request', fact: 'model_not_found', status: 404 } },
    { status: 413, body: '', want: { kind: 'bad_request', fact: 'request_too_large' } },
    { status: 302, body: '', want: { kind: 'bad_request', fact: 'unexpected_status' } },
    { status: 503, body: '', want: { kind: 'server', fact: 'overloaded' } },
    { status: 500, body: '', want: { kind: 'server', fact: undefined } },
    { status: 408, body: '', want: { kind: 'timeout', fact: 'provider_timeout' } },
    {
      status: 402,
      body: '{"error":{"message":"Insufficient credits"}}',
      want: { fact: 'no_credit', providerMessage: 'Insufficient credits' },
    },
    {
      status: 407,
      body: 'Go away',
      want: { kind: 'proxy_auth', fact: 'proxy_auth_rejected', providerMessage: 'Go away' },
    },
    {
      status: 401,
      body: '{"error":{"message":"Bad key","code":"invalid_api_key"}}',
      want: { kind: 'auth', fact: undefined, code: 'invalid_api_key' },
    },
  ])('HTTP $status', ({ status, body, want }) => {
    expect(errorFromResponse('P', status, {}, body)).toMatchObject(want)
  })

  it('Anthropic refusing a thinking budget for a model that takes only adaptive thinking, and the reverse', () => {
    // Anthropic's words, as its docs and users' reports quote them.
    const enabled = JSON.stringify({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message:
          '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
      },
      request_id: 'req_011CerQpNc69m6CAsK93KroH',
    })
    const required = errorFromResponse('Anthropic', 400, {}, enabled)
    expect(required).toMatchObject({
      kind: 'bad_request',
      fact: 'adaptive_thinking_required',
      status: 400,
      code: 'invalid_request_error',
      retriable: false,
    })
    expect(required.message).toContain('set a reasoning effort instead of a thinking budget')
    expect(required.message).toContain('Anthropic said: ""thinking.type.enabled" is not supported')
    const adaptive =
      '{"type":"error","error":{"type":"invalid_request_error","message":"adaptive thinking is not supported on this model"}}'
    expect(errorFromResponse('Anthropic', 400, {}, adaptive)).toMatchObject({
      kind: 'bad_request',
      fact: 'adaptive_thinking_unsupported',
    })
    // Another 400 about thinking is not this.
    const other =
      '{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens must be greater than thinking.budget_tokens"}}'
    expect(errorFromResponse('Anthropic', 400, {}, other).fact).toBeUndefined()
  })

  it('stream errors and broken replies', () => {
    expect(
      errorFromStreamPayload('P', { error: { type: 'insufficient_quota', message: 'q' } }),
    ).toMatchObject({
      fact: 'no_credit',
    })
    expect(unreadableReplyError('P', 10)).toMatchObject({ kind: 'protocol', fact: 'unreadable_reply' })
    expect(cutOffReplyError('P')).toMatchObject({ kind: 'protocol', fact: 'reply_cut_off' })
  })
})
