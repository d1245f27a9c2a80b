import { errorText } from '../../app/error-text'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProviderView } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { randomId } from '../../lib/id'
import { useStore } from '../../lib/store'
import { ConfirmDialog } from '../../ui/Dialog'
import { PlusIcon } from '../../ui/icons'
import { toConfig } from './convert'
import { PresetChooser } from './PresetChooser'
import type { Preset } from './presets'
import { ProviderForm } from './ProviderForm'
import { ProviderRow } from './ProviderRow'
import { SecretStorageWarning } from './SecretStorageWarning'

type Editing = { mode: 'choose' } | { mode: 'new'; preset: Preset } | { mode: 'edit'; id: string } | null

interface Props {
  providerId?: string
  addProvider?: boolean
}

/** Preferences → Providers: the list, and in its place the preset chooser or one provider's form. */
export function ProvidersTab({ providerId, addProvider }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  const [editing, setEditing] = useState<Editing>(() =>
    providerId && providers.some((p) => p.id === providerId)
      ? { mode: 'edit', id: providerId }
      : addProvider
        ? { mode: 'choose' }
        : null,
  )
  const [removing, setRemoving] = useState<ProviderView | null>(null)
  const [error, setError] = useState<string | null>(null)

  const remove = async (provider: ProviderView): Promise<void> => {
    setRemoving(null)
    setError(null)
    try {
      const { settings } = controller.app.get()
      if (!settings) return
      if (provider.apiKey.set) {
        await controller.setSecret({ target: { type: 'provider', providerId: provider.id }, value: '' })
      }
      await controller.updateSettings({
        providers: settings.providers.filter((p) => p.id !== provider.id).map(toConfig),
        retry: { fallbackProviderIds: settings.retry.fallbackProviderIds.filter((id) => id !== provider.id) },
        ...(settings.defaultModel?.providerId === provider.id ? { defaultModel: null } : {}),
      })
      controller.models.forget(provider.id)
    } catch (e) {
      setError(errorText(e, t))
    }
  }

  if (editing?.mode === 'choose') {
    return (
      <PresetChooser
        onChoose={(preset) => setEditing({ mode: 'new', preset })}
        onCancel={() => setEditing(null)}
      />
    )
  }

  if (editing?.mode === 'new') {
    const { preset } = editing
    return (
      <ProviderForm
        key={`new-${preset.kind}`}
        initial={{
          id: randomId(),
          kind: preset.kind,
          name: preset.name,
          baseURL: preset.baseURL,
          enabled: true,
        }}
        secret={null}
        isNew
        onDone={() => setEditing(null)}
      />
    )
  }

  if (editing?.mode === 'edit') {
    const provider = providers.find((p) => p.id === editing.id)
    if (provider) {
      return (
        <ProviderForm
          key={provider.id}
          initial={toConfig(provider)}
          secret={provider.apiKey}
          isNew={false}
          onDone={() => setEditing(null)}
        />
      )
    }
  }

  return (
    <div className="prefs-section">
      <SecretStorageWarning />
      {providers.length === 0 ? (
        <p className="prefs-empty">{t('providers.empty')}</p>
      ) : (
        <ul className="provider-list">
          {providers.map((provider) => (
            <ProviderRow
              key={provider.id}
              provider={provider}
              onEdit={() => setEditing({ mode: 'edit', id: provider.id })}
              onRemove={() => setRemoving(provider)}
            />
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="prefs-actions prefs-actions--start">
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ mode: 'choose' })}
        >
          <PlusIcon />
          {t('providers.add')}
        </button>
      </div>
      {removing && (
        <ConfirmDialog
          title={t('providers.removeTitle')}
          message={t('providers.removeMessage', { name: removing.name })}
          confirmLabel={t('common.remove')}
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        />
      )}
    </div>
  )
}
