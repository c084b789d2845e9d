/**
 * Laws as a service: fits cached per family, predictions, budgets, budget checks, validations,
 * comparisons and plots. Meets the fitting engine and the family store here, in services.
 */
package io.p2law.law;
