import { useTranslation } from 'react-i18next'
import type { ModelParams, ProviderConfig } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { ParamsEditor } from './ParamsEditor'
import './params.css'

/** Preferences → a provider: its default model parameters, saved apart from the provider's other fields. */
export function ProviderDefaults({ provider }: { provider: ProviderConfig }) {
  const { t } = useTranslation()
  const controller = useController()
  const all = useStore(controller.app, (s) => s.settings?.modelParams)
  const saved = all?.[provider.id]
  const save = async (params: ModelParams): Promise<void> => {
    const { [provider.id]: _old, ...others } = controller.app.get().settings?.modelParams ?? {}
    await controller.updateSettings({
      modelParams: Object.keys(params).length ? { ...others, [provider.id]: params } : others,
    })
  }
  return (
    <section className="prefs-section params-defaults" aria-label={t('params.defaultsTitle')}>
      <h3>{t('params.defaultsTitle')}</h3>
      <p className="field__hint">{t('params.defaultsHint')}</p>
      <ParamsEditor
        kind={provider.kind}
        providerName={provider.name}
        saved={saved ?? {}}
        onSave={save}
        saveLabel={t('params.saveDefaults')}
      />
    </section>
  )
}
