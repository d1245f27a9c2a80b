import { useEffect } from 'react'
import type { AppController } from './controller'

/**
 * Ctrl/Cmd+N new chat, Ctrl/Cmd+K search, Ctrl/Cmd+, preferences, Escape leaves choosing conversations
 * or else stops the reply being written (unless a dialog or a field has a use for Escape).
 */
export function useShortcuts(controller: AppController, mac: boolean): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return
      const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey
      if (mod && !event.altKey && !event.shiftKey) {
        const key = event.key.toLowerCase()
        if (key === 'n' || event.code === 'KeyN') {
          event.preventDefault()
          controller.newChat()
        } else if (key === 'k' || event.code === 'KeyK') {
          event.preventDefault()
          controller.focusSearch()
        } else if (key === ',' || event.code === 'Comma') {
          event.preventDefault()
          controller.openPreferences()
        }
        return
      }
      if (event.key === 'Escape' && !event.isComposing) {
        if (document.querySelector('[aria-modal="true"]')) return
        // Choosing conversations is the nearer thing to leave: a reply being written goes on.
        if (controller.conversations.get().selecting) {
          event.preventDefault()
          controller.conversations.stopSelecting()
        } else if (controller.chat.activeStream()) {
          event.preventDefault()
          void controller.chat.stop()
        }
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [controller, mac])
}
