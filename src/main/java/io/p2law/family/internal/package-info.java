/**
 * The family module's own workings: service, run validation, repositories, the data-version cache
 * and its change listener. Used by the module's {@code web} package only, never by other modules.
 */
package io.p2law.family.internal;
