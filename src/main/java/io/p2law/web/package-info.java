/** Cross-cutting HTTP concerns: RFC 9457 problem details and the served OpenAPI contract. */
package io.p2law.web;
