/**
 * The EventSink the services send to: it forwards each event to the window's page. Notices
 * (a corrupt file set aside...) can happen before the page exists, so they wait until it has
 * loaded; the rest are live updates the page re-reads on load anyway.
 */
import type { WebContents } from 'electron'
import { Events } from '../../shared/contract'
import type { EventChannel, EventPayloads, EventSink } from '../../shared/contract'
import type { Notice } from '../../shared/domain'
import { asError, silentLogger, type Logger } from '../logging/logger'

const MAX_PENDING_NOTICES = 50

type Target = Pick<WebContents, 'send' | 'isDestroyed' | 'isLoading' | 'on' | 'once'>

export interface WindowEventSink {
  readonly send: EventSink
  /** Points the sink at a window's page (the latest one wins, e.g. after a macOS re-open). */
  attach(target: Target): void
}

export function createWindowEventSink(logger: Logger = silentLogger): WindowEventSink {
  let target: Target | null = null
  const pending: Notice[] = []

  const live = (): Target | null => (target !== null && !target.isDestroyed() ? target : null)

  const flush = (): void => {
    const current = live()
    if (current === null) return
    for (const notice of pending.splice(0)) current.send(Events.notice, notice)
  }

  const send: EventSink = <C extends EventChannel>(channel: C, payload: EventPayloads[C]): void => {
    const current = live()
    if (channel === Events.notice && (current === null || current.isLoading())) {
      if (pending.length < MAX_PENDING_NOTICES) pending.push(payload as Notice)
      return
    }
    if (current === null) return
    try {
      current.send(channel, payload)
    } catch (error) {
      // The page can go away between the check and the send; a lost live update is harmless.
      logger.warn('Could not send an event to the window', { channel, error: asError(error) })
    }
  }

  return {
    send,
    attach(next) {
      target = next
      next.on('did-finish-load', flush)
      next.once('destroyed', () => {
        if (target === next) target = null
      })
    },
  }
}
