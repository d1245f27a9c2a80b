/**
 * Which TLS error codes mean "the other side's certificate is not trusted": the case where a network that
 * inspects TLS (a company proxy, an antivirus) needs its CA added. Node under OpenSSL and Electron's Node
 * under BoringSSL name these differently, so both sets are listed, each with where the name comes from.
 */

/**
 * Certificate verification results. Node names them after OpenSSL's X509_V_ERR_* constants (BoringSSL keeps
 * the same constants), in `X509ErrorCode` (node/src/crypto/crypto_common.cc, listed in doc/api/tls.md
 * "X509 certificate error codes"); any other verification result is reported as `UNSPECIFIED`.
 */
const X509_VERIFY_CODES = [
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'UNSPECIFIED',
] as const

/**
 * Handshake failures over the peer's certificate. Node turns a library error into `ERR_<LIB>_<REASON>`
 * (e.g. `ERR_SSL_CERTIFICATE_VERIFY_FAILED`); the reasons are BoringSSL's (boringssl/crypto/err/ssl.errordata,
 * e.g. `SSL,302,KEY_USAGE_BIT_INCORRECT`, seen from Electron in electron/electron#31042) and OpenSSL 3's
 * (openssl/ssl/ssl_err.c: "certificate verify failed", "ca md too weak", "ca key too small", "ee key too small").
 */
const SSL_REASONS = [
  // Both libraries.
  'CERTIFICATE_VERIFY_FAILED',
  // BoringSSL.
  'KEY_USAGE_BIT_INCORRECT',
  'CANNOT_PARSE_LEAF_CERT',
  'BAD_ECC_CERT',
  'ECC_CERT_NOT_FOR_SIGNING',
  'WRONG_CERTIFICATE_TYPE',
  'UNKNOWN_CERTIFICATE_TYPE',
  'X509_VERIFICATION_SETUP_PROBLEMS',
  'X509_LIB',
  // OpenSSL 3.
  'CA_MD_TOO_WEAK',
  'CA_KEY_TOO_SMALL',
  'EE_KEY_TOO_SMALL',
] as const

/** Other names for the same failures. */
const OTHER_CODES = [
  // Node's own hostname check (lib/tls.js checkServerIdentity).
  'ERR_TLS_CERT_ALTNAME_INVALID',
  // Chromium's net errors (net/base/net_error_list.h), for requests that go through Electron's network stack.
  'ERR_CERT_AUTHORITY_INVALID',
  'ERR_CERT_COMMON_NAME_INVALID',
  'ERR_CERT_DATE_INVALID',
  'ERR_CERT_INVALID',
  'ERR_CERT_REVOKED',
  'ERR_SSL_KEY_USAGE_INCOMPATIBLE',
] as const

const CERTIFICATE_CODES: ReadonlySet<string> = new Set<string>([
  ...X509_VERIFY_CODES,
  ...SSL_REASONS.map((reason) => `ERR_SSL_${reason}`),
  ...OTHER_CODES,
])

/** Whether an error code says the peer's certificate could not be verified (or is unfit for TLS). */
export function isCertificateFailure(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code.replace(/^net::/, ''))
}
