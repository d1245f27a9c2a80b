/**
 * Runs an async generator up to its first value now, so that failures before the first value reject the
 * returned promise (where a caller awaits "the request"), and hands back an iterable that continues it.
 * A plain iterator object rather than another generator: it sits on the hot path of every chunk.
 */
export async function startEagerly<T>(generator: AsyncGenerator<T, void>): Promise<AsyncIterable<T>> {
  let first: IteratorResult<T, void> | undefined = await generator.next()
  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T, void>> {
      if (first) {
        const result = first
        first = undefined
        return Promise.resolve(result)
      }
      return generator.next()
    },
    return(): Promise<IteratorResult<T, void>> {
      first = undefined
      return generator.return(undefined)
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  }
  return iterator
}
