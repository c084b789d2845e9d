/**
 * Decisions from a fitted law: the cheapest pruning plan for a target loss (post-training against
 * serving cost), and forecasts for runs in flight. Pure Java, no Spring; the law package feeds it.
 */
package io.p2law.decision;
