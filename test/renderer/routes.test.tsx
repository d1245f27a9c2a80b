// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { readyApi, renderApp } from './render-app'

async function openRoutes() {
  const api = readyApi()
  const rendered = renderApp(api)
  await rendered.user.click(await screen.findByRole('button', { name: 'Preferences' }))
  const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
  await rendered.user.click(within(dialog).getByRole('tab', { name: 'Routes' }))
  return { ...rendered, api, dialog }
}

describe('preferences: routes', () => {
  it('lists Direct, System and the profiles; adds, renames, duplicates and makes one the default', async () => {
    const { api, user, dialog } = await openRoutes()
    const list = within(dialog).getByRole('list', { name: 'Routes' })
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.firstElementChild?.textContent),
    ).toEqual(['Direct', 'System proxy', 'Proxy · default'])
    // Direct and System cannot be deleted.
    expect(within(dialog).queryByRole('button', { name: 'Delete Direct' })).toBeNull()
    expect(within(dialog).queryByRole('button', { name: 'Delete System proxy' })).toBeNull()

    await user.click(within(dialog).getByRole('button', { name: 'Add proxy' }))
    await waitFor(() => expect(api.settingsView.routes).toHaveLength(4))
    const added = api.settingsView.routes[3]
    expect(added).toMatchObject({ name: 'Proxy 2', mode: 'manual' })
    const name = within(dialog).getByLabelText('Name') as HTMLInputElement
    await user.clear(name)
    await user.type(name, 'Office')
    await user.tab()
    await waitFor(() => expect(api.settingsView.routes[3]?.name).toBe('Office'))

    await user.click(within(dialog).getByRole('button', { name: 'Duplicate Office' }))
    await waitFor(() => expect(api.settingsView.routes).toHaveLength(5))
    expect(api.settingsView.routes[4]).toMatchObject({ name: 'Office (copy)', mode: 'manual' })
    expect(api.settingsView.routes[4]?.id).not.toBe(added?.id)

    await user.selectOptions(within(dialog).getByLabelText('Default route'), 'Office')
    await waitFor(() => expect(api.settingsView.defaultRouteId).toBe(added?.id))
  })

  it('refuses an empty name at the field and saves nothing', async () => {
    const { api, user, dialog } = await openRoutes()
    await user.click(within(dialog).getByRole('button', { name: 'Add proxy' }))
    await waitFor(() => expect(api.settingsView.routes).toHaveLength(4))
    const updates = vi.mocked(api.settings.update).mock.calls.length
    const name = within(dialog).getByLabelText('Name') as HTMLInputElement
    await user.clear(name)
    await user.tab()
    expect(await within(dialog).findByText('Give the route a name.')).toBeTruthy()
    expect(name.getAttribute('aria-invalid')).toBe('true')
    expect(vi.mocked(api.settings.update).mock.calls.length).toBe(updates)
    expect(api.settingsView.routes[3]?.name).toBe('Proxy 2')
  })

  it('deleting a route a provider uses: the default route takes over and the user is told', async () => {
    const { api, user, dialog } = await openRoutes()
    // The provider picks the route in its form.
    await user.click(within(dialog).getByRole('tab', { name: 'Providers' }))
    await user.click(within(dialog).getByRole('button', { name: 'Edit OpenAI' }))
    await user.selectOptions(within(dialog).getByLabelText('Route'), 'Proxy')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.settingsView.providers[0]?.routeId).toBe('proxy'))

    await user.click(within(dialog).getByRole('tab', { name: 'Routes' }))
    await user.click(within(dialog).getByRole('button', { name: 'Delete Proxy' }))
    await waitFor(() => expect(api.settingsView.routes.map((r) => r.id)).toEqual(['direct', 'system']))
    // It was the default route: Direct is now. The provider still names it, and takes the default route.
    expect(api.settingsView.defaultRouteId).toBe('direct')
    expect(api.settingsView.providers[0]?.routeId).toBe('proxy')
    expect(
      within(dialog).getByText(/Route "Proxy" deleted\. OpenAI used it and now use the default route/),
    ).toBeTruthy()

    // The provider's form says so too.
    await user.click(within(dialog).getByRole('tab', { name: 'Providers' }))
    await user.click(within(dialog).getByRole('button', { name: 'Edit OpenAI' }))
    expect(await within(dialog).findByText(/The route this provider used was deleted/)).toBeTruthy()
    expect((within(dialog).getByLabelText('Route') as HTMLSelectElement).value).toBe('')
  })
})

describe('preferences: routes, bad addresses', () => {
  it.each([
    ['HTTP proxy', 'ftp://proxy.example.com:21', /Start the address with http:\/\//],
    ['SOCKS5 proxy', 'socks4://ivan:secret@10.0.0.1:1080', /SOCKS4 cannot carry a user name or password/],
    ['HTTP proxy', 'proxy.example.com:0', /The port must be a number from 1 to 65535/],
    ['SOCKS5 proxy', 'proxy.example.com:65536', /The port must be a number from 1 to 65535/],
    ['HTTP proxy', 'proxy.example.com:port', /The port must be a number from 1 to 65535/],
    ['SOCKS5 proxy', 'socks5://:1080', /Add the proxy's host and port/],
  ])('%s %j: a message at the field, and nothing saved', async (label, address, message) => {
    const { api, user, dialog } = await openRoutes()
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await waitFor(() => expect(api.settingsView.routes[2]?.mode).toBe('manual'))
    const before = structuredClone(api.settingsView.routes)
    const updates = vi.mocked(api.settings.update).mock.calls.length
    const field = within(dialog).getByLabelText(label)
    await user.type(field, address)
    await user.tab()
    expect(within(dialog).getByText(message).className).toBe('field-error')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(vi.mocked(api.settings.update).mock.calls.length).toBe(updates)
    expect(api.settingsView.routes).toEqual(before)
  })
})

describe('preferences: routes, copy diagnostics', () => {
  it('puts the report main built on the clipboard and says so', async () => {
    const { api, user, dialog } = await openRoutes()
    vi.mocked(api.routes.diagnostics).mockResolvedValueOnce('ProxyChat network diagnostics\nVersion: 9.9.9\n')
    const write = vi.spyOn(navigator.clipboard, 'writeText')
    await user.click(within(dialog).getByRole('button', { name: 'Copy diagnostics' }))
    expect(await within(dialog).findByText(/^Copied\./)).toBeTruthy()
    expect(api.routes.diagnostics).toHaveBeenCalledTimes(1)
    expect(write).toHaveBeenCalledWith('ProxyChat network diagnostics\nVersion: 9.9.9\n')
    expect(await navigator.clipboard.readText()).toBe('ProxyChat network diagnostics\nVersion: 9.9.9\n')
  })

  it('says why when the report cannot be copied, and claims nothing', async () => {
    const { api, user, dialog } = await openRoutes()
    vi.mocked(api.routes.diagnostics).mockResolvedValueOnce('report')
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('Document is not focused.'))
    await user.click(within(dialog).getByRole('button', { name: 'Copy diagnostics' }))
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Could not copy the diagnostics: Document is not focused.',
    )
    expect(within(dialog).queryByText(/^Copied\./)).toBeNull()
  })
})
