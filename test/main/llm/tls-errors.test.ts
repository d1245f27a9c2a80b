/**
 * Every certificate failure, under OpenSSL (Node) and BoringSSL (Electron's Node) names, becomes the
 * certificate-trust fact, so the window can say "add your company's CA". One row per code, with its source.
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_TIMEOUTS } from '../../../src/main/llm/transport-types'
import { toProviderError, type FailureContext } from '../../../src/main/llm/transport-errors'
import { isCertificateFailure } from '../../../src/main/llm/tls-errors'

interface Row {
  code: string
  /** What Node (or Chromium) puts in the message for this code. */
  message: string
}

const CERTIFICATE_FAILURES: Row[] = [
  // node/src/crypto/crypto_common.cc X509ErrorCode (OpenSSL and BoringSSL alike; doc/api/tls.md).
  { code: 'UNABLE_TO_GET_ISSUER_CERT', message: 'unable to get issuer certificate' },
  { code: 'UNABLE_TO_GET_CRL', message: 'unable to get certificate CRL' },
  { code: 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', message: "unable to decrypt certificate's signature" },
  { code: 'UNABLE_TO_DECRYPT_CRL_SIGNATURE', message: "unable to decrypt CRL's signature" },
  { code: 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', message: 'unable to decode issuer public key' },
  { code: 'CERT_SIGNATURE_FAILURE', message: 'certificate signature failure' },
  { code: 'CRL_SIGNATURE_FAILURE', message: 'CRL signature failure' },
  { code: 'CERT_NOT_YET_VALID', message: 'certificate is not yet valid' },
  { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' },
  { code: 'CRL_NOT_YET_VALID', message: 'CRL is not yet valid' },
  { code: 'CRL_HAS_EXPIRED', message: 'CRL has expired' },
  { code: 'ERROR_IN_CERT_NOT_BEFORE_FIELD', message: "format error in certificate's notBefore field" },
  { code: 'ERROR_IN_CERT_NOT_AFTER_FIELD', message: "format error in certificate's notAfter field" },
  { code: 'ERROR_IN_CRL_LAST_UPDATE_FIELD', message: "format error in CRL's lastUpdate field" },
  { code: 'ERROR_IN_CRL_NEXT_UPDATE_FIELD', message: "format error in CRL's nextUpdate field" },
  { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
  { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
  { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: 'unable to get local issuer certificate' },
  { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' },
  { code: 'CERT_CHAIN_TOO_LONG', message: 'certificate chain too long' },
  { code: 'CERT_REVOKED', message: 'certificate revoked' },
  { code: 'INVALID_CA', message: 'invalid CA certificate' },
  { code: 'PATH_LENGTH_EXCEEDED', message: 'path length constraint exceeded' },
  { code: 'INVALID_PURPOSE', message: 'unsupported certificate purpose' },
  { code: 'CERT_UNTRUSTED', message: 'certificate not trusted' },
  { code: 'CERT_REJECTED', message: 'certificate rejected' },
  { code: 'HOSTNAME_MISMATCH', message: 'hostname mismatch' },
  // X509ErrorCode's default for any other verification result (e.g. OpenSSL 3's "EE certificate key too weak").
  { code: 'UNSPECIFIED', message: 'EE certificate key too weak' },
  // node/lib/tls.js checkServerIdentity.
  {
    code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    message:
      "Hostname/IP does not match certificate's altnames: Host: api.openai.com. is not in the cert's altnames",
  },
  // boringssl/crypto/err/ssl.errordata SSL,125 and openssl/ssl/ssl_err.c "certificate verify failed".
  {
    code: 'ERR_SSL_CERTIFICATE_VERIFY_FAILED',
    message: 'error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED',
  },
  // boringssl ssl.errordata SSL,302; seen from Electron in electron/electron#31042.
  {
    code: 'ERR_SSL_KEY_USAGE_BIT_INCORRECT',
    message: 'error:1000012e:SSL routines:OPENSSL_internal:KEY_USAGE_BIT_INCORRECT',
  },
  // boringssl ssl.errordata SSL,272.
  {
    code: 'ERR_SSL_CANNOT_PARSE_LEAF_CERT',
    message: 'error:10000110:SSL routines:OPENSSL_internal:CANNOT_PARSE_LEAF_CERT',
  },
  // boringssl ssl.errordata SSL,107.
  { code: 'ERR_SSL_BAD_ECC_CERT', message: 'error:1000006b:SSL routines:OPENSSL_internal:BAD_ECC_CERT' },
  // boringssl ssl.errordata SSL,144.
  {
    code: 'ERR_SSL_ECC_CERT_NOT_FOR_SIGNING',
    message: 'error:10000090:SSL routines:OPENSSL_internal:ECC_CERT_NOT_FOR_SIGNING',
  },
  // boringssl ssl.errordata SSL,241.
  {
    code: 'ERR_SSL_WRONG_CERTIFICATE_TYPE',
    message: 'error:100000f1:SSL routines:OPENSSL_internal:WRONG_CERTIFICATE_TYPE',
  },
  // boringssl ssl.errordata SSL,228.
  {
    code: 'ERR_SSL_UNKNOWN_CERTIFICATE_TYPE',
    message: 'error:100000e4:SSL routines:OPENSSL_internal:UNKNOWN_CERTIFICATE_TYPE',
  },
  // boringssl ssl.errordata SSL,249.
  {
    code: 'ERR_SSL_X509_VERIFICATION_SETUP_PROBLEMS',
    message: 'error:100000f9:SSL routines:OPENSSL_internal:X509_VERIFICATION_SETUP_PROBLEMS',
  },
  // boringssl ssl.errordata SSL,248.
  { code: 'ERR_SSL_X509_LIB', message: 'error:100000f8:SSL routines:OPENSSL_internal:X509_LIB' },
  // openssl/ssl/ssl_err.c SSL_R_CA_MD_TOO_WEAK.
  { code: 'ERR_SSL_CA_MD_TOO_WEAK', message: 'error:0A00018E:SSL routines::ca md too weak' },
  // openssl/ssl/ssl_err.c SSL_R_CA_KEY_TOO_SMALL.
  { code: 'ERR_SSL_CA_KEY_TOO_SMALL', message: 'error:0A00018D:SSL routines::ca key too small' },
  // openssl/ssl/ssl_err.c SSL_R_EE_KEY_TOO_SMALL.
  { code: 'ERR_SSL_EE_KEY_TOO_SMALL', message: 'error:0A00018F:SSL routines::ee key too small' },
  // chromium net/base/net_error_list.h, for requests through Electron's network stack: -202.
  { code: 'ERR_CERT_AUTHORITY_INVALID', message: 'net::ERR_CERT_AUTHORITY_INVALID' },
  // net_error_list.h -200.
  { code: 'ERR_CERT_COMMON_NAME_INVALID', message: 'net::ERR_CERT_COMMON_NAME_INVALID' },
  // net_error_list.h -201.
  { code: 'ERR_CERT_DATE_INVALID', message: 'net::ERR_CERT_DATE_INVALID' },
  // net_error_list.h -207.
  { code: 'ERR_CERT_INVALID', message: 'net::ERR_CERT_INVALID' },
  // net_error_list.h -206.
  { code: 'ERR_CERT_REVOKED', message: 'net::ERR_CERT_REVOKED' },
  // net_error_list.h -181 (Chromium's name for BoringSSL's KEY_USAGE_BIT_INCORRECT).
  { code: 'net::ERR_SSL_KEY_USAGE_INCOMPATIBLE', message: 'net::ERR_SSL_KEY_USAGE_INCOMPATIBLE' },
]

/** TLS and connection failures that are not about trusting a certificate: no CA advice for them. */
const OTHER_FAILURES: Row[] = [
  // boringssl ssl.errordata SSL,247 / OpenSSL "wrong version number": an http:// server spoken to over TLS.
  { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' },
  // The server rejected our (client) certificate: an alert, not our trust store.
  { code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', message: 'tlsv1 alert unknown ca' },
  { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', message: 'sslv3 alert handshake failure' },
  { code: 'ECONNRESET', message: 'socket hang up' },
  { code: 'EPROTO', message: 'write EPROTO' },
]

function tlsError({ code, message }: Row): Error {
  return Object.assign(new Error(message), { code, library: 'SSL routines' })
}

function context(overrides: Partial<FailureContext> = {}): FailureContext {
  return {
    provider: 'OpenAI',
    target: new URL('https://api.openai.com/v1/chat/completions'),
    route: { kind: 'direct' },
    timeouts: DEFAULT_TIMEOUTS,
    signal: undefined,
    isClosed: () => false,
    ...overrides,
  }
}

describe('certificate failures become the certificate-trust fact', () => {
  it.each(CERTIFICATE_FAILURES)('$code', (row) => {
    expect(isCertificateFailure(row.code)).toBe(true)
    const error = toProviderError(tlsError(row), context())
    expect(error.fact).toBe('certificate_untrusted')
    expect(error.kind).toBe('network')
    expect(error.retriable).toBe(false)
    expect(error.message).toContain('add its CA certificate in the proxy settings')
  })

  it('also through a proxy, where an SSL error would otherwise read as a wrong proxy scheme', () => {
    const proxy = {
      scheme: 'https' as const,
      hostname: '127.0.0.1',
      port: 3129,
      address: '127.0.0.1:3129',
      redacted: 'https://127.0.0.1:3129',
      key: 'https://127.0.0.1:3129',
    }
    const ctx = context({ route: { kind: 'proxy', proxy } })
    for (const row of CERTIFICATE_FAILURES) {
      expect(toProviderError(tlsError(row), ctx).fact, row.code).toBe('certificate_untrusted')
    }
  })

  it.each(OTHER_FAILURES)('$code is not a certificate failure', (row) => {
    expect(isCertificateFailure(row.code)).toBe(false)
    expect(toProviderError(tlsError(row), context()).fact).not.toBe('certificate_untrusted')
  })
})
