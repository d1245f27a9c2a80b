/** What went wrong, as a kind the window can act on. The chat client returns it; the window words it. */
export type ErrorKind =
  | 'auth'
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'proxy'
  | 'proxy_auth'
  | 'region'
  | 'bad_request'
  | 'protocol'
  | 'aborted'
