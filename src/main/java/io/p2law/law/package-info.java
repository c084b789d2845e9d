/**
 * Laws as a service: the family's current law per form ({@link io.p2law.law.CurrentLaws}, one
 * data-version read per request), fits run and stored by {@link io.p2law.law.FitRunner}, cached per
 * family. Meets the fitting engine and the family module's API here; {@code web} puts the laws to
 * work for HTTP requests.
 */
package io.p2law.law;
