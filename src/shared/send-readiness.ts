/**
 * Whether a message can be sent with a model, and if not, why: checked by the window before anything
 * happens (to say what to do) and by main before anything is saved (so a refused send leaves no trace).
 */
import type { ModelRef, ProviderConfig } from './domain'

/**
 * no_provider: none is set up; no_model: providers exist but no model is chosen; provider_removed: the
 * chosen model's provider was deleted; provider_disabled: its provider (or every provider) is turned off.
 */
export type SendBlock = 'no_provider' | 'no_model' | 'provider_removed' | 'provider_disabled'

export function sendBlock(
  providers: readonly Pick<ProviderConfig, 'id' | 'enabled'>[],
  model: ModelRef | null | undefined,
): SendBlock | null {
  if (!model) {
    if (providers.length === 0) return 'no_provider'
    // The model picker lists only enabled providers: with none, choosing a model is not possible yet.
    return providers.some((p) => p.enabled) ? 'no_model' : 'provider_disabled'
  }
  const provider = providers.find((p) => p.id === model.providerId)
  if (!provider) return 'provider_removed'
  return provider.enabled ? null : 'provider_disabled'
}
