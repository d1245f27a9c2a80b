import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { VirtuosoMockContext } from 'react-virtuoso'
import { App } from '../../src/renderer/src/app/App'
import type { ControllerOptions } from '../../src/renderer/src/app/controller'
import { FakeApi, type FakeOptions } from './fake-api'

const VIEWPORT = { viewportHeight: 4000, itemHeight: 80 }

/** The whole window against a fake API; the message list renders as if it had a real viewport. */
export function renderApp(api: FakeApi | FakeOptions = {}, options?: ControllerOptions) {
  const fake = api instanceof FakeApi ? api : new FakeApi(api)
  const user = userEvent.setup()
  const result = render(
    <VirtuosoMockContext.Provider value={VIEWPORT}>
      <App api={fake} {...(options ? { options } : {})} />
    </VirtuosoMockContext.Provider>,
  )
  return { api: fake, user, ...result }
}

/** A fake with one provider and its models, ready to chat. */
export function readyApi(options: FakeOptions = {}): FakeApi {
  return new FakeApi({
    models: { p1: ['gpt-4o', 'gpt-4o-mini'] },
    ...options,
    settings: {
      providers: [
        {
          id: 'p1',
          kind: 'openai',
          name: 'OpenAI',
          baseURL: 'https://api.openai.com/v1',
          enabled: true,
          apiKey: { set: true, last4: 'abcd' },
        },
      ],
      defaultModel: { providerId: 'p1', model: 'gpt-4o' },
      ...options.settings,
    },
  })
}
