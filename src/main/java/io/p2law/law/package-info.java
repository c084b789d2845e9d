/**
 * Laws as a service: the family's laws per form as requests see them ({@link io.p2law.law.CurrentLaws}:
 * stale-while-refitting, one data-version read per request when the law is current), fits as jobs
 * queued in {@code fit_job} ({@link io.p2law.law.FitJobs}) and run and stored by
 * {@link io.p2law.law.FitRunner} on a pool of its own, cached per family. Meets the fitting engine
 * and the family module's API here; {@code web} puts the laws to work for HTTP requests.
 */
package io.p2law.law;
