import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ModelRef } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { CheckIcon } from '../../ui/icons'
import type { ModelList } from './models-store'

/** At most this many matches are in the list: OpenRouter alone lists hundreds of models. */
export const MODEL_LIMIT = 200

interface Option {
  ref: ModelRef
  label: string
  current: boolean
  /** Its place among all the options shown. */
  index: number
}

interface OptionGroup {
  key: string
  label: string
  options: Option[]
  /** Shown, not chosen, when the provider has no models to offer (loading, failed, none). */
  note?: string
}

interface View {
  groups: OptionGroup[]
  /** The options in display order: the arrow keys walk these. */
  options: Option[]
  /** Models that match what was typed. */
  matches: number
  /** Matches left out beyond the limit. */
  more: number
}

interface Source {
  id: string
  name: string
  list: ModelList | undefined
}

const same = (a: ModelRef | null, b: ModelRef): boolean =>
  a !== null && a.providerId === b.providerId && a.model === b.model

/**
 * The model of the open conversation: a combobox (type to filter, arrows, Enter, Escape) over
 * every enabled provider's models, grouped by provider. A model a provider does not list can be
 * typed in and used all the same.
 */
export function ModelPicker() {
  const { t } = useTranslation()
  const controller = useController()
  const providers = useStore(controller.app, (s) => s.settings?.providers)
  const defaultModel = useStore(controller.app, (s) => s.settings?.defaultModel ?? null)
  const conversationModel = useStore(controller.chat, (s) => s.conversation?.model ?? null)
  const draftModel = useStore(controller.chat, (s) => (s.conversationId ? null : s.draft.model))
  const lists = useStore(controller.models, (s) => s)
  const current = conversationModel ?? draftModel ?? defaultModel
  const [open, setOpen] = useState(false)
  /** What the user typed since opening; null shows every model. */
  const [query, setQuery] = useState<string | null>(null)
  /** The highlighted option; null is the current model's (or the first). */
  const [active, setActive] = useState<number | null>(null)
  const field = useRef<HTMLInputElement>(null)
  const id = useId()
  const listId = `${id}-list`

  const sources = useMemo<Source[]>(
    () =>
      (providers ?? []).filter((p) => p.enabled).map((p) => ({ id: p.id, name: p.name, list: lists[p.id] })),
    [providers, lists],
  )

  useEffect(() => {
    for (const source of sources) controller.models.ensure(source.id)
  }, [sources, controller])

  const view = useMemo(
    () => (open ? buildView(sources, query ?? '', current, t) : null),
    [open, sources, query, current, t],
  )
  const options = view?.options ?? []
  const activeIndex =
    options.length === 0
      ? -1
      : Math.min(
          active ??
            Math.max(
              0,
              options.findIndex((o) => o.current),
            ),
          options.length - 1,
        )
  const optionId = (index: number): string => `${id}-option-${index}`
  const activeId = open && activeIndex >= 0 ? optionId(activeIndex) : undefined

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' })
  }, [activeId])

  const close = (): void => {
    setOpen(false)
    setQuery(null)
    setActive(null)
  }

  const choose = (option: Option): void => {
    close()
    if (same(current, option.ref)) return
    void controller.chat.setModel(option.ref)
    void controller.updateSettings({ defaultModel: option.ref }).catch(() => undefined)
  }

  const move = (delta: number): void => {
    if (!open) {
      setOpen(true)
      return
    }
    if (options.length === 0) return
    setActive((activeIndex + delta + options.length) % options.length)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.nativeEvent.isComposing) return
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        if (event.altKey) setOpen(true)
        else move(1)
        break
      case 'ArrowUp':
        event.preventDefault()
        move(-1)
        break
      case 'PageDown':
      case 'PageUp':
        if (open && options.length > 0) {
          event.preventDefault()
          const step = event.key === 'PageDown' ? 10 : -10
          setActive(Math.min(options.length - 1, Math.max(0, activeIndex + step)))
        }
        break
      case 'Enter': {
        const option = options[activeIndex]
        if (open && option) {
          event.preventDefault()
          choose(option)
        }
        break
      }
      case 'Escape':
        if (open) {
          // Closing the list is all Escape does here: it must not also stop the reply.
          event.preventDefault()
          event.stopPropagation()
          close()
        }
        break
    }
  }

  // Clicks in the list keep the focus in the field.
  const keepFocus = (event: MouseEvent): void => event.preventDefault()

  const provider = sources.find((s) => s.id === current?.providerId)
  const shownProvider = sources.length > 1 && provider ? provider.name : null

  return (
    <div className={open ? 'model-picker model-picker--open' : 'model-picker'}>
      {shownProvider && (
        <span className="model-picker__provider" id={`${id}-provider`}>
          {shownProvider}
        </span>
      )}
      <input
        ref={field}
        type="text"
        className="model-picker__input"
        role="combobox"
        aria-label={t('chat.model')}
        aria-describedby={shownProvider ? `${id}-provider` : undefined}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        autoComplete="off"
        spellCheck={false}
        placeholder={t('chat.chooseModel')}
        title={current ? `${provider?.name ?? current.providerId} · ${current.model}` : undefined}
        value={open && query !== null ? query : (current?.model ?? '')}
        onChange={(event) => {
          setOpen(true)
          setQuery(event.target.value)
          setActive(0)
        }}
        onClick={(event) => {
          if (!open) event.currentTarget.select()
          setOpen(true)
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <button
        type="button"
        className="model-picker__toggle"
        tabIndex={-1}
        aria-label={t('chat.showModels')}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onMouseDown={keepFocus}
        onClick={() => {
          field.current?.focus()
          if (open) close()
          else setOpen(true)
        }}
      >
        <svg className="icon" width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="m6 9 6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      </button>
      {view && (
        <div className="model-picker__popup" onMouseDown={keepFocus}>
          <div className="model-picker__list" role="listbox" id={listId} aria-label={t('chat.models')}>
            {view.groups.map((group, g) => (
              <div key={group.key} role="group" aria-labelledby={`${id}-group-${g}`}>
                <div className="model-picker__group" role="presentation" id={`${id}-group-${g}`}>
                  {group.label}
                </div>
                {group.note && (
                  <div
                    className="model-picker__option model-picker__option--note"
                    role="option"
                    aria-disabled="true"
                    aria-selected="false"
                  >
                    {group.note}
                  </div>
                )}
                {group.options.map((option) => {
                  const { index } = option
                  return (
                    <div
                      key={`${option.ref.providerId}\n${option.ref.model}\n${group.key}`}
                      id={optionId(index)}
                      role="option"
                      aria-selected={index === activeIndex}
                      className={
                        index === activeIndex
                          ? 'model-picker__option model-picker__option--active'
                          : 'model-picker__option'
                      }
                      onClick={() => choose(option)}
                      onMouseMove={() => index !== activeIndex && setActive(index)}
                    >
                      <span className="model-picker__check">{option.current && <CheckIcon />}</span>
                      <span className="model-picker__label">{option.label}</span>
                    </div>
                  )
                })}
              </div>
            ))}
          </div>
          <p className="model-picker__status" role="status">
            {view.more > 0
              ? t('chat.moreModels', { count: view.more })
              : view.matches === 0 && query?.trim()
                ? t('chat.noMatchingModels')
                : ''}
          </p>
        </div>
      )}
    </div>
  )
}

type Translate = ReturnType<typeof useTranslation>['t']

/** The groups to show for what was typed: matches by model id or provider name, then "Use …". */
function buildView(sources: readonly Source[], typed: string, current: ModelRef | null, t: Translate): View {
  const wanted = typed.trim()
  const needle = wanted.toLowerCase()
  const groups: OptionGroup[] = []
  const options: Option[] = []
  const option = (ref: ModelRef, label: string): Option => ({
    ref,
    label,
    current: same(current, ref),
    index: options.length,
  })
  const unlisted: Source[] = []
  let matches = 0

  for (const source of sources) {
    const models = [...(source.list?.models ?? [])]
    if (current?.providerId === source.id && !models.includes(current.model)) models.unshift(current.model)
    if (wanted && !models.includes(wanted)) unlisted.push(source)
    const byName = needle !== '' && source.name.toLowerCase().includes(needle)
    const found = needle && !byName ? models.filter((m) => m.toLowerCase().includes(needle)) : models
    matches += found.length
    const shown: Option[] = []
    for (const model of found.slice(0, Math.max(0, MODEL_LIMIT - options.length))) {
      const next = option({ providerId: source.id, model }, model)
      shown.push(next)
      options.push(next)
    }
    if (shown.length > 0) {
      groups.push({ key: source.id, label: source.name, options: shown })
    } else if (models.length === 0 && (needle === '' || byName)) {
      const status = source.list?.status
      const note =
        status === 'loading'
          ? t('chat.modelsLoading')
          : status === 'failed'
            ? t('chat.modelsFailed')
            : t('chat.noModels')
      groups.push({ key: source.id, label: source.name, options: [], note })
    }
  }

  // Some providers serve more models than they list: what was typed can be used as it is.
  if (unlisted.length > 0) {
    const custom: Option[] = []
    for (const source of unlisted) {
      const label =
        sources.length > 1
          ? t('chat.useModelVia', { model: wanted, provider: source.name })
          : t('chat.useModel', { model: wanted })
      const next = option({ providerId: source.id, model: wanted }, label)
      custom.push(next)
      options.push(next)
    }
    groups.push({ key: '\nother', label: t('chat.otherModel'), options: custom })
  }

  return { groups, options, matches, more: matches - Math.min(matches, MODEL_LIMIT) }
}
