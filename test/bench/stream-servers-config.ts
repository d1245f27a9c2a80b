/** Credentials the benchmark's proxies accept (shared by the servers' process and the benchmark). */
export const BENCH_PASSWORD = 'p@ss:w/rd'
/** Squid's digest password file is `user:password`: no colon. */
export const SQUID_PASSWORD = 'p@ss-w/rd'
