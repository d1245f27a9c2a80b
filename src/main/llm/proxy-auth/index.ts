/**
 * Proxy authentication by the proxy's challenge (NTLMv2, Digest, Basic) for CONNECT tunnels and for
 * absolute-form requests. `tunnelConnector` and `AbsoluteFormAgent` are what the transport uses; the rest is exported for diagnostics and tests.
 */
export {
  AbsoluteFormAgent,
  type AbsoluteFormOptions,
  type ProxyRequest,
  type ProxySignIn,
} from './absolute-form'
export { chooseScheme, parseChallenges, type ProxyAuthFact } from './challenge'
export {
  ProxyAuthMemory,
  ProxyAuthNegotiator,
  type ProxyAuthFailure,
  type ProxyAuthScheme,
  type ProxyCredentials,
} from './negotiator'
export {
  ProxyAuthError,
  ProxyTunnelError,
  openTunnel,
  tunnelConnector,
  type Tunnel,
  type TunnelConnectorOptions,
  type TunnelOptions,
} from './tunnel'
