/**
 * The law endpoints: the controller, requests and responses, and the services that answer
 * predictions, budgets, budget checks, validations, comparisons and plots from the current laws.
 */
package io.p2law.law.web;
