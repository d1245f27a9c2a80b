/**
 * Run by the crash-recovery test in its own process: starts the real backend on a data folder, sends one
 * message to a slow provider, prints the conversation id, and streams until the test kills it.
 */
import { startTestBackend } from '../../fixtures/backend'

const [userDataDir, baseURL] = process.argv.slice(2)
if (!userDataDir || !baseURL) throw new Error('usage: crash-child <userDataDir> <baseURL>')
const backend = await startTestBackend({ userDataDir })
await backend.backend.settings.update({
  providers: [{ id: 'fake', kind: 'custom', name: 'Fake', baseURL, enabled: true }],
  defaultModel: { providerId: 'fake', model: 'gpt-4o-mini' },
})
const conversation = await backend.backend.conversations.create()
await backend.backend.chat.send({ conversationId: conversation.id, content: 'Tell me a long story' })
console.log(JSON.stringify({ conversationId: conversation.id }))
// Keeps streaming until killed.
setInterval(() => undefined, 1000)
