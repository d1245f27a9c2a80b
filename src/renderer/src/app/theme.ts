import { useEffect } from 'react'
import type { Appearance } from '../../../shared/domain'

const DARK_QUERY = '(prefers-color-scheme: dark)'

function systemIsDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches
}

/** Applies the theme (light, dark, or the system's, followed live) and the font size to the document. */
export function useAppearance(appearance: Appearance | undefined): void {
  const theme = appearance?.theme ?? 'system'
  const fontSize = appearance?.fontSize ?? 15

  useEffect(() => {
    const root = document.documentElement
    const apply = (): void => {
      const dark = theme === 'dark' || (theme === 'system' && systemIsDark())
      root.dataset['theme'] = dark ? 'dark' : 'light'
    }
    apply()
    if (theme !== 'system' || typeof window.matchMedia !== 'function') return
    const media = window.matchMedia(DARK_QUERY)
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [theme])

  useEffect(() => {
    // CSSOM, not a style attribute: allowed by the page's CSP.
    document.documentElement.style.setProperty('--font-size', `${fontSize}px`)
  }, [fontSize])
}
