import type { Message } from '../../shared/domain'
import { conversationLanguage, nativeText } from '../../shared/native-texts'
import type { ChatMessage } from '../llm/types'

/**
 * The request's messages: the system prompt, then the turns of the branch the user sees (the caller passes
 * the visible branch, never other versions). Failed or empty replies are
 * left out (they are not part of what was said); a reply being continued ends with a request to go on.
 */
export function toChatMessages(
  systemPrompt: string,
  history: readonly Message[],
  resumed?: Message,
  contentOf: (message: Message) => ChatMessage['content'] = (message) => message.content,
): ChatMessage[] {
  const messages: ChatMessage[] = []
  if (systemPrompt.trim()) messages.push({ role: 'system', content: systemPrompt })
  for (const message of history) {
    if (message.role === 'assistant' && !message.content) continue
    messages.push({ role: message.role, content: contentOf(message) })
  }
  if (resumed) {
    messages.push({ role: 'assistant', content: resumed.content })
    // In the conversation's language (from what the user wrote), so the model is not nudged into English.
    const language = conversationLanguage(history.filter((m) => m.role === 'user').map((m) => m.content))
    messages.push({ role: 'user', content: nativeText(language, 'continuePrompt') })
  }
  return messages
}
