import { useTranslation } from 'react-i18next'
import type { ModelList } from '../chat/models-store'
import { errorText } from '../../app/error-text'

/** Under a provider's form: the models its server listed, or why it could not list them. */
export function ModelsResult({ models }: { models: ModelList }) {
  const { t } = useTranslation()
  return (
    <div className="models-result" role="status">
      {models.status === 'failed' ? (
        <p className="field-error">{t('providers.modelsFailed', { error: errorText(models.failure, t) })}</p>
      ) : (
        <>
          <p>{t('providers.modelsFound', { count: models.models.length })}</p>
          {models.models.length > 0 && (
            <ul className="models-result__list">
              {models.models.map((model) => (
                <li key={model}>{model}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}
