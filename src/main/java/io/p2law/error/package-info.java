/**
 * The error vocabulary every module throws: refusals a client can act on, each with the offending
 * fields. Free of HTTP; {@code io.p2law.web} maps them to RFC 9457 problems.
 */
package io.p2law.error;
