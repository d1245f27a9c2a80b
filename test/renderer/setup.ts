/**
 * Imported first by every renderer test: jsdom lacks a few browser APIs the window uses, and
 * Testing Library's automatic cleanup needs vitest globals, which this project does not enable.
 */
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// Preferences and other lazy chunks are imported on first use: on a loaded 2-core machine that can take over
// the default 1 s of `findBy…`/`waitFor`, which then fails a test that is only slow.
configure({ asyncUtilTimeout: 5_000 })

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (!('ResizeObserver' in globalThis)) {
  Object.defineProperty(globalThis, 'ResizeObserver', { value: NoopResizeObserver, configurable: true })
}

if (typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        addListener: () => undefined,
        removeListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList,
  })
}

if (typeof Element.prototype.scrollTo !== 'function') {
  Element.prototype.scrollTo = function scrollTo(): void {}
}
if (typeof Element.prototype.scrollIntoView !== 'function') {
  Element.prototype.scrollIntoView = function scrollIntoView(): void {}
}

afterEach(() => {
  cleanup()
})
