// @vitest-environment jsdom
import './setup'
import { defaultRoute } from '../fixtures/routes'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { readyApi, renderApp } from './render-app'

async function openPreferences(tab: string, options: Parameters<typeof readyApi>[0] = {}) {
  const rendered = renderApp(readyApi(options))
  await rendered.user.click(await screen.findByRole('button', { name: 'Preferences' }))
  const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
  await rendered.user.click(within(dialog).getByRole('tab', { name: tab }))
  return { ...rendered, dialog }
}

function inputsHolding(value: string): HTMLInputElement[] {
  return [...document.querySelectorAll('input, textarea')].filter((el): el is HTMLInputElement =>
    (el as HTMLInputElement).value.includes(value),
  )
}

describe('preferences: providers', () => {
  it('adds a provider from a preset, storing the key write-only', async () => {
    const { api, user, dialog } = await openPreferences('Providers')
    await user.click(within(dialog).getByRole('button', { name: 'Add a provider' }))
    await user.click(within(dialog).getByRole('button', { name: /^OpenRouter/ }))
    expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('OpenRouter')
    expect((within(dialog).getByLabelText('Base URL') as HTMLInputElement).value).toBe(
      'https://openrouter.ai/api/v1',
    )
    const key = within(dialog).getByLabelText(/API key/) as HTMLInputElement
    expect(key.type).toBe('password')
    await user.type(key, 'sk-or-secret-9876')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(api.settings.setSecret).toHaveBeenCalledTimes(1))
    const added = api.settingsView.providers.find((p) => p.name === 'OpenRouter')
    expect(added).toMatchObject({
      kind: 'openrouter',
      baseURL: 'https://openrouter.ai/api/v1',
      enabled: true,
    })
    expect(api.settings.setSecret).toHaveBeenCalledWith({
      target: { type: 'provider', providerId: added?.id },
      value: 'sk-or-secret-9876',
    })
    // Back in the list: only "set · …9876" is ever shown.
    expect(await within(dialog).findByText('set · …9876')).toBeTruthy()
    expect(document.body.innerHTML).not.toContain('sk-or-secret')
    expect(inputsHolding('sk-or-secret')).toHaveLength(0)
  })

  it('fills each preset with its base URL', async () => {
    const { user, dialog } = await openPreferences('Providers')
    const expected: [RegExp, string][] = [
      [/^OpenAI/, 'https://api.openai.com/v1'],
      [/^Anthropic/, 'https://api.anthropic.com'],
      [/^Groq/, 'https://api.groq.com/openai/v1'],
      [/^DeepSeek/, 'https://api.deepseek.com/v1'],
      [/^Gemini/, 'https://generativelanguage.googleapis.com/v1beta/openai'],
      [/^Ollama/, 'http://127.0.0.1:11434/v1'],
      [/^LM Studio/, 'http://127.0.0.1:1234/v1'],
    ]
    for (const [name, url] of expected) {
      await user.click(within(dialog).getByRole('button', { name: 'Add a provider' }))
      await user.click(within(dialog).getByRole('button', { name }))
      expect((within(dialog).getByLabelText('Base URL') as HTMLInputElement).value).toBe(url)
      await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    }
  })

  it('removes a provider after confirmation', async () => {
    const { api, user, dialog } = await openPreferences('Providers')
    await user.click(within(dialog).getByRole('button', { name: 'Remove OpenAI' }))
    const confirm = screen.getByRole('alertdialog', { name: 'Remove the provider?' })
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(api.settingsView.providers).toHaveLength(0))
    expect(api.secrets.has('p1')).toBe(false)
  })

  it('fetches models and tests the provider', async () => {
    const { api, user, dialog } = await openPreferences('Providers')
    await user.click(within(dialog).getByRole('button', { name: 'Edit OpenAI' }))
    await user.click(within(dialog).getByRole('button', { name: 'Fetch models' }))
    expect(await within(dialog).findByText('2 models')).toBeTruthy()
    expect(api.providers.models).toHaveBeenCalledWith('p1', true)
    await user.click(within(dialog).getByRole('button', { name: 'Test' }))
    expect(await within(dialog).findByText('Connection works.')).toBeTruthy()
  })

  it('warns when secrets can only be kept with weak protection, and asks to agree', async () => {
    const { api, user, dialog } = await openPreferences('Providers', {
      info: { secretStorage: 'basic_text' },
    })
    expect(within(dialog).getByText(/kept for this session only/)).toBeTruthy()
    await user.click(within(dialog).getByRole('checkbox', { name: /weak protection/ }))
    expect(api.settings.allowPlaintextSecrets).toHaveBeenCalledWith(true)
    expect(await within(dialog).findByText(/stored with weak protection/)).toBeTruthy()
  })
})

describe('preferences: proxy', () => {
  it('saves each field as you leave it, the password through setSecret, with no Save button and nothing shown', async () => {
    const { api, user, dialog } = await openPreferences('Routes')
    expect(within(dialog).queryByRole('button', { name: 'Save' })).toBeNull()
    expect(within(dialog).getByRole('status').textContent).toBe('Changes are saved as you go.')
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await waitFor(() => expect(defaultRoute(api.settingsView).mode).toBe('manual'))
    await user.type(within(dialog).getByLabelText('HTTP proxy'), 'proxy.example.com:3128')
    // Typing alone saves nothing: a half-typed address is never in use.
    expect(defaultRoute(api.settingsView).httpProxy).toBe('')
    await user.click(within(dialog).getByRole('checkbox', { name: 'Use the HTTP proxy for HTTPS too' }))
    await user.type(within(dialog).getByLabelText('HTTPS proxy'), 'secure.example.com:443')
    await user.type(within(dialog).getByLabelText('SOCKS5 proxy'), '10.0.0.1:1080')
    await user.type(within(dialog).getByLabelText('Username'), 'ivan')
    const password = within(dialog).getByLabelText(/^Password/) as HTMLInputElement
    expect(password.type).toBe('password')
    await user.type(password, 'hunter2-secret')
    await user.type(within(dialog).getByLabelText('Bypass the proxy for'), 'localhost{Enter}*.corp.example')
    await user.tab()

    await waitFor(() =>
      expect(defaultRoute(api.settingsView)).toMatchObject({
        mode: 'manual',
        httpProxy: 'proxy.example.com:3128',
        httpsProxy: 'secure.example.com:443',
        useHttpForHttps: false,
        socksProxy: '10.0.0.1:1080',
        socksRemoteDns: true,
        username: 'ivan',
        bypass: ['localhost', '*.corp.example'],
        password: { set: true },
      }),
    )
    expect(api.settings.setSecret).toHaveBeenCalledWith({
      target: { type: 'route', routeId: 'proxy' },
      value: 'hunter2-secret',
    })
    for (const [patch] of vi.mocked(api.settings.update).mock.calls) {
      expect(JSON.stringify(patch)).not.toContain('hunter2')
    }
    await waitFor(() => expect(password.value).toBe(''))
    expect(within(dialog).getByText('set')).toBeTruthy()
    expect(within(dialog).getByRole('status').textContent).toBe('Saved')
    expect(document.body.innerHTML).not.toContain('hunter2')
    expect(inputsHolding('hunter2')).toHaveLength(0)
  })

  it('closing while still typing in a field saves it: fill, test, close, reopen', async () => {
    const { api, user, dialog } = await openPreferences('Routes')
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await user.type(within(dialog).getByLabelText('HTTP proxy'), 'proxy.example.com:3128')
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }))
    expect(await within(dialog).findByText('Connection works.')).toBeTruthy()
    // What was tested is what is saved.
    expect(defaultRoute(api.settingsView).httpProxy).toBe('proxy.example.com:3128')
    await user.type(within(dialog).getByLabelText('Username'), 'ivan')
    await user.type(within(dialog).getByLabelText(/^Password/), 'typed-then-escape')
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(defaultRoute(api.settingsView)).toMatchObject({
      mode: 'manual',
      httpProxy: 'proxy.example.com:3128',
      username: 'ivan',
      password: { set: true },
    })
    expect(api.secrets.get('route:proxy')).toBe('typed-then-escape')

    await user.click(screen.getByRole('button', { name: 'Preferences' }))
    const again = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(again).getByRole('tab', { name: 'Routes' }))
    expect((within(again).getByLabelText('HTTP proxy') as HTMLInputElement).value).toBe(
      'proxy.example.com:3128',
    )
    expect((within(again).getByLabelText('Username') as HTMLInputElement).value).toBe('ivan')
    expect((within(again).getByLabelText(/^Password/) as HTMLInputElement).value).toBe('')
  })

  it('an invalid address shows its message, is not saved, and closing asks before dropping it', async () => {
    const { api, user, dialog } = await openPreferences('Routes')
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    const http = within(dialog).getByLabelText('HTTP proxy')
    await user.type(http, 'proxy.example.com')
    await user.tab()
    expect(within(dialog).getByText('Add the port, for example proxy.example.com:3128.')).toBeTruthy()
    expect(http.getAttribute('aria-invalid')).toBe('true')
    expect(defaultRoute(api.settingsView).httpProxy).toBe('')

    await user.click(within(dialog).getAllByRole('button', { name: 'Close' })[0] as HTMLElement)
    let ask = await screen.findByRole('alertdialog', { name: 'Unsaved changes' })
    expect(ask.textContent).toContain('not valid')
    // An invalid value cannot be saved: only fixed or dropped.
    expect(within(ask).queryByRole('button', { name: 'Save' })).toBeNull()
    await user.click(within(ask).getByRole('button', { name: 'Keep editing' }))
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect((http as HTMLInputElement).value).toBe('proxy.example.com')

    // Escape asks too; Escape again keeps editing.
    await user.keyboard('{Escape}')
    ask = await screen.findByRole('alertdialog', { name: 'Unsaved changes' })
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull())
    expect(screen.getByRole('dialog', { name: 'Preferences' })).toBeTruthy()

    // Fixed, the message goes while typing, and closing saves it.
    await user.type(http, ':3128')
    expect(within(dialog).queryByText(/Add the port/)).toBeNull()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
    expect(defaultRoute(api.settingsView).httpProxy).toBe('proxy.example.com:3128')
  })

  it('Discard drops an invalid edit and closes', async () => {
    const { api, user, dialog } = await openPreferences('Routes')
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await user.type(within(dialog).getByLabelText('SOCKS5 proxy'), 'ftp://x:1')
    await user.keyboard('{Escape}')
    const ask = await screen.findByRole('alertdialog', { name: 'Unsaved changes' })
    await user.click(within(ask).getByRole('button', { name: 'Discard' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
    expect(defaultRoute(api.settingsView).socksProxy).toBe('')
  })

  it('switching tabs saves the field being typed in', async () => {
    const { api, user, dialog } = await openPreferences('Routes')
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await user.type(within(dialog).getByLabelText('HTTP proxy'), '10.1.1.1:8080')
    await user.click(within(dialog).getByRole('tab', { name: 'Retry' }))
    await waitFor(() =>
      expect(within(dialog).getByRole('tab', { name: 'Retry', selected: true })).toBeTruthy(),
    )
    expect(defaultRoute(api.settingsView).httpProxy).toBe('10.1.1.1:8080')
  })

  it('checks extra CA certificates are PEM before saving', async () => {
    const { api, user, dialog } = await openPreferences('Routes')
    await user.click(within(dialog).getByRole('radio', { name: /System proxy/ }))
    await user.click(within(dialog).getByText('Advanced'))
    const field = within(dialog).getByLabelText('Extra CA certificates (PEM)')
    await user.type(field, 'not a certificate')
    await user.tab()
    expect(within(dialog).getByText(/Paste certificates in PEM form/)).toBeTruthy()
    expect(defaultRoute(api.settingsView).caCertificates).toBe('')
    await user.clear(field)
    await user.type(field, '-----BEGIN CERTIFICATE-----{Enter}MIIB{Enter}-----END CERTIFICATE-----')
    await user.tab()
    await waitFor(() =>
      expect(defaultRoute(api.settingsView)).toMatchObject({
        mode: 'system',
        caCertificates: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      }),
    )
  })

  it('an empty bypass list has no sample entries, only a hint saying what empty means', async () => {
    const { user, dialog } = await openPreferences('Routes')
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    const bypass = within(dialog).getByLabelText('Bypass the proxy for') as HTMLTextAreaElement
    expect(bypass.value).toBe('')
    expect(bypass.placeholder).toBe('')
    expect(within(dialog).getByText(/^Empty: every address goes through the proxy\./)).toBeTruthy()
  })

  it('shows each step of the connection test and where it failed', async () => {
    const { api, user, dialog } = await openPreferences('Routes', {
      testReport: {
        ok: false,
        steps: [
          { step: 'proxy_connect', ok: true, durationMs: 42 },
          {
            step: 'proxy_auth',
            ok: false,
            durationMs: 17,
            error: {
              kind: 'proxy_auth',
              fact: 'proxy_auth_rejected',
              status: 407,
              proxy: 'proxy.example.com:3128',
              message: 'The proxy at proxy.example.com:3128 rejected the username or password (HTTP 407)',
            },
          },
          { step: 'tls', ok: false, durationMs: 0, skipped: true, outcome: { type: 'not_reached' } },
        ],
        route: 'http://ivan:***@proxy.example.com:3128',
        error: { kind: 'proxy_auth', fact: 'proxy_auth_rejected', status: 407, message: '407' },
      },
    })
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await user.type(within(dialog).getByLabelText('HTTP proxy'), 'proxy.example.com:3128')
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }))
    const report = await within(dialog).findByText('Failed at: Proxy authentication')
    const box = report.closest('.report') as HTMLElement
    expect(api.providers.testConnection).toHaveBeenCalledWith(
      expect.objectContaining({
        provider: expect.objectContaining({ id: 'p1' }),
        route: expect.objectContaining({ mode: 'manual', httpProxy: 'proxy.example.com:3128' }),
      }),
    )
    const steps = within(box).getAllByRole('listitem')
    expect(steps[0]?.textContent).toMatch(/✓.*Connect to the proxy.*42 ms/)
    expect(steps[1]?.textContent).toMatch(
      /✗.*Proxy authentication.*17 ms.*Proxy authentication failed \(HTTP 407\): the proxy rejected the username or password\. \(proxy proxy\.example\.com:3128\)/,
    )
    expect(steps[2]?.textContent).toMatch(/–.*skipped.*Not reached\./)
    expect(box.textContent).toContain('Route: through the proxy http://ivan:***@proxy.example.com:3128')
  })
})

describe('preferences: retry and appearance', () => {
  it('orders fallback providers with up and down', async () => {
    const api = readyApi()
    const [first] = api.settingsView.providers
    if (!first) throw new Error('readyApi has a provider')
    api.settingsView.providers.push(
      { ...first, id: 'p2', name: 'Groq' },
      { ...first, id: 'p3', name: 'DeepSeek' },
    )
    api.settingsView.retry.fallbackProviderIds = ['p2', 'p3']
    const { user } = renderApp(api)
    await user.click(await screen.findByRole('button', { name: 'Preferences' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(dialog).getByRole('tab', { name: 'Retry' }))
    await user.click(within(dialog).getByRole('button', { name: 'Move DeepSeek up' }))
    await waitFor(() => expect(api.settingsView.retry.fallbackProviderIds).toEqual(['p3', 'p2']))
    await user.click(within(dialog).getByRole('checkbox', { name: /random order/ }))
    await waitFor(() => expect(api.settingsView.retry.shuffle).toBe(true))
  })

  it('switches the theme', async () => {
    const { api, user, dialog } = await openPreferences('Appearance')
    await user.click(within(dialog).getByRole('radio', { name: 'Dark' }))
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark'))
    expect(api.settingsView.appearance.theme).toBe('dark')
  })
})

describe('preferences: data', () => {
  it('exports everything and says where it was saved', async () => {
    const { api, user, dialog } = await openPreferences('Data')
    vi.mocked(api.conversations.exportAll).mockResolvedValueOnce({
      saved: true,
      path: '/home/me/proxychat-export.json',
    })
    await user.click(within(dialog).getByRole('button', { name: 'Export all conversations…' }))
    expect(api.conversations.exportAll).toHaveBeenCalledTimes(1)
    expect(await within(dialog).findByText('Saved to /home/me/proxychat-export.json')).toBeTruthy()
  })

  it('imports the chosen file and reports what was added, skipped, copied and left out', async () => {
    const { api, user, dialog } = await openPreferences('Data')
    vi.mocked(api.conversations.import).mockResolvedValueOnce({ added: 2, skipped: 3, copied: 1, invalid: 1 })
    const json = '{"format":"proxychat-export","version":1,"conversations":[]}'
    await user.upload(
      within(dialog).getByLabelText('Import from a file…'),
      new File([json], 'backup.json', { type: 'application/json' }),
    )
    await waitFor(() =>
      expect(api.conversations.import).toHaveBeenCalledWith({ json, copySuffix: ' (imported copy)' }),
    )
    expect(
      await within(dialog).findByText(
        'Added 2 conversations. 3 were already here and were skipped. 1 had changed and was added as a copy. ' +
          '1 could not be read and was left out.',
      ),
    ).toBeTruthy()
  })

  it('shows an import that failed validation as an error', async () => {
    const { api, user, dialog } = await openPreferences('Data')
    vi.mocked(api.conversations.import).mockRejectedValueOnce(
      new Error('This file is not a ProxyChat export.'),
    )
    await user.upload(within(dialog).getByLabelText('Import from a file…'), new File(['nope'], 'x.json'))
    expect((await within(dialog).findByRole('alert')).textContent).toContain('not a ProxyChat export')
  })
})

describe('preferences: leaving with unsaved edits, and focus', () => {
  it('a provider typed in but not saved: closing asks, and Save adds it', async () => {
    const { api, user, dialog } = await openPreferences('Providers')
    await user.click(within(dialog).getByRole('button', { name: 'Add a provider' }))
    await user.click(within(dialog).getByRole('button', { name: /^Groq/ }))
    await user.type(within(dialog).getByLabelText(/API key/), 'gsk-typed-key-4321')
    await user.keyboard('{Escape}')
    const ask = await screen.findByRole('alertdialog', { name: 'Unsaved changes' })
    expect(document.activeElement).toBe(within(ask).getByRole('button', { name: 'Save' }))
    await user.click(within(ask).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
    const added = api.settingsView.providers.find((p) => p.name === 'Groq')
    expect(added?.apiKey).toEqual({ set: true, last4: '4321' })
  })

  it('an attempts count out of range says so, is not saved, and closing asks', async () => {
    const { api, user, dialog } = await openPreferences('Retry')
    const attempts = within(dialog).getByLabelText('Attempts per provider')
    await user.clear(attempts)
    await user.type(attempts, '0')
    expect(within(dialog).getByRole('alert').textContent).toBe('Enter a whole number from 1 to 10.')
    expect(api.settingsView.retry.maxRetries).toBe(3)
    await user.keyboard('{Escape}')
    const ask = await screen.findByRole('alertdialog', { name: 'Unsaved changes' })
    await user.click(within(ask).getByRole('button', { name: 'Discard' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
    expect(api.settingsView.retry.maxRetries).toBe(3)
  })

  it('Escape closes even when focus fell to the page body, and Tab brings focus back in', async () => {
    const { user, dialog } = await openPreferences('Appearance')
    ;(document.activeElement as HTMLElement | null)?.blur()
    expect(document.activeElement).toBe(document.body)
    await user.tab()
    expect(dialog.contains(document.activeElement)).toBe(true)
    ;(document.activeElement as HTMLElement | null)?.blur()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
  })

  it('focus stays in the dialog when the focused control goes away after Save', async () => {
    const { user, dialog } = await openPreferences('Providers')
    await user.click(within(dialog).getByRole('button', { name: 'Edit OpenAI' }))
    await user.clear(within(dialog).getByLabelText('Name'))
    await user.type(within(dialog).getByLabelText('Name'), 'OpenAI work')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await within(dialog).findByRole('button', { name: 'Edit OpenAI work' })
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true))
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
  })
})
