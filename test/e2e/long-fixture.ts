/**
 * A long conversation for the browser tests: 400 messages of realistic turns (Russian and English text,
 * code blocks), imported as a user's export would be.
 */
import type { Message } from '../../src/shared/domain'
import type { LaunchedApp } from './harness'
import { conversation, exportEnvelope, sidebarItem } from './helpers'

export const TITLE = 'Маршруты через прокси: длинный разбор'
export const NEEDLE = 'Жигулёвская-петля'

export const QUESTIONS = [
  'Как настроить прокси с авторизацией для OpenAI, если компания пропускает только NTLM?',
  'Why does the model list load while the chat request fails with a 407 from the proxy?',
  'Покажи пример на Rust, который читает поток SSE и печатает каждую строку.',
  'Can you explain the difference between SOCKS5 and SOCKS5h in two sentences?',
]

export const ANSWERS = [
  'Для NTLM приложение само проходит трёхшаговое рукопожатие на одном соединении. Укажите пользователя как ' +
    '`DOMAIN\\user`, пароль хранится в защищённом хранилище, а маршрут выбирается для каждого провайдера отдельно.',
  'The model list may come from a cache, while the chat request opens a new tunnel.\n\n```ts\n' +
    "const response = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true })\n" +
    'for await (const chunk of response) process.stdout.write(chunk.choices[0]?.delta.content ?? "")\n```',
  'Вот пример:\n\n```rust\nuse std::io::{self, BufRead};\n\nfn main() {\n    let stdin = io::stdin();\n' +
    '    for line in stdin.lock().lines() {\n        let line = line.expect("строка");\n' +
    '        if let Some(data) = line.strip_prefix("data: ") {\n            println!("{data}");\n        }\n' +
    '    }\n}\n```\n\nКаждая строка `data:` печатается как есть.',
  'With SOCKS5 your computer resolves the host name; with SOCKS5h the proxy does, so no DNS query leaves ' +
    'your machine.',
]

/** 400 messages of realistic turns; the fourth question carries a word found nowhere else. */
export function longConversation(): { id: string; messages: Message[] } {
  const messages: Message[] = []
  for (let i = 0; i < 400; i++) {
    const turn = Math.floor(i / 2)
    const user = i % 2 === 0
    const base = user ? QUESTIONS[turn % QUESTIONS.length] : ANSWERS[turn % ANSWERS.length]
    const content = i === 6 ? `${base} (${NEEDLE})` : `${base} [${turn + 1}]`
    messages.push({
      id: `long-msg-${i}`,
      role: user ? 'user' : 'assistant',
      content: content ?? '',
      createdAt: 1_750_000_000_000 + i * 1000,
      status: 'done',
    })
  }
  return { id: 'c0ffee00-0000-4000-8000-000000000001', messages }
}

export async function importLong(current: LaunchedApp): Promise<void> {
  const { id, messages } = longConversation()
  await current.backend.backend.conversations.import({
    json: exportEnvelope([conversation(id, TITLE, messages)]),
  })
  await sidebarItem(current.page, TITLE).waitFor()
}
