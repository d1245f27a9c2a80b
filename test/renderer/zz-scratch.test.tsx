// @vitest-environment jsdom
import './setup'
import { render, fireEvent, act } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { VirtuosoMockContext } from 'react-virtuoso'
import { it } from 'vitest'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { AppController } from '../../src/renderer/src/app/controller'
import { i18n } from '../../src/renderer/src/app/i18n'
import { Sidebar } from '../../src/renderer/src/features/conversations/Sidebar'
import { FakeApi } from './fake-api'

it('dom', () => {
  const controller = new AppController(new FakeApi())
  const now = Date.now()
  const HOUR = 3600_000
  controller.conversations.set({ items: Array.from({ length: 300 }, (_, i) => ({ id: `c${i}`, title: `T${i}`, createdAt: now - i * HOUR, updatedAt: now - i * HOUR, model: null, messageCount: 1 })), loaded: true })
  const view = render(
    <VirtuosoMockContext.Provider value={{ viewportHeight: 200, itemHeight: 40 }}>
      <I18nextProvider i18n={i18n}>
        <ControllerContext.Provider value={controller}><Sidebar /></ControllerContext.Provider>
      </I18nextProvider>
    </VirtuosoMockContext.Provider>,
  )
  const nav = view.container.querySelector('nav')!
  const strip = (s: string) => s.replace(/<svg.*?<\/svg>/g, '').replace(/<span class="conversation__actions">.*?<\/span>/g, '…')
  console.log(strip(nav.querySelector('.sidebar__list')!.outerHTML))
  const scroller = nav.querySelector('[data-virtuoso-scroller]') as HTMLElement
  console.log('scrollTop desc', Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop'))
  scroller.scrollTop = 5000
  console.log('after set', scroller.scrollTop)
  act(() => { fireEvent.scroll(scroller) })
  console.log(strip(nav.querySelector('.sidebar__list')!.outerHTML).slice(0, 3000))
})
