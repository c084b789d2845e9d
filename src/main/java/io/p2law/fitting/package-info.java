/**
 * The fitting engine: law forms, robust fits, bootstrap intervals, held-out validation and token
 * budgets. Plain Java on Commons Math; no framework imports (an architecture test enforces it).
 * {@link io.p2law.fitting.LawFitting} is the facade the service uses.
 *
 * <p>Units at this boundary are the API's: raw parameter and token counts. Forms convert internally
 * (the P2 family of forms works in billions; see the domain note).
 */
package io.p2law.fitting;
