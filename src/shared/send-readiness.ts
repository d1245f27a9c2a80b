/**
 * Whether a message can be sent with a model, and if not, why: checked by the window before anything
 * happens (to say what to do) and by main before anything is saved (so a refused send leaves no trace).
 */
import type { ModelRef, ProviderConfig } from './domain'

/**
 * no-provider: none is set up; no-model: providers exist but no model is chosen; provider-removed: the
 * chosen model's provider was deleted; provider-disabled: its provider (or every provider) is turned off.
 */
export type SendBlock = 'no-provider' | 'no-model' | 'provider-removed' | 'provider-disabled'

export function sendBlock(
  providers: readonly Pick<ProviderConfig, 'id' | 'enabled'>[],
  model: ModelRef | null | undefined,
): SendBlock | null {
  if (!model) {
    if (providers.length === 0) return 'no-provider'
    // The model picker lists only enabled providers: with none, choosing a model is not possible yet.
    return providers.some((p) => p.enabled) ? 'no-model' : 'provider-disabled'
  }
  const provider = providers.find((p) => p.id === model.providerId)
  if (!provider) return 'provider-removed'
  return provider.enabled ? null : 'provider-disabled'
}
