import { describe, expect, it } from 'vitest'
import { providerProblem, validURL } from '../../src/renderer/src/features/preferences/provider-validation'

describe('provider validation', () => {
  it.each([
    ['https://api.openai.com/v1', true],
    ['http://127.0.0.1:11434/v1', true],
    ['ftp://example.com', false],
    ['api.openai.com/v1', false],
    ['', false],
  ])('%s is a provider address: %s', (url, valid) => {
    expect(validURL(url)).toBe(valid)
  })

  it.each<[string, string, string | null]>([
    ['OpenAI', ' https://api.openai.com/v1 ', null],
    ['  ', 'https://api.openai.com/v1', 'providers.nameRequired'],
    ['', 'nonsense', 'providers.nameRequired'],
    ['Local', 'localhost:8080', 'providers.urlInvalid'],
  ])('name %j and address %j: %s', (name, url, problem) => {
    expect(providerProblem(name, url)).toBe(problem)
  })
})
