/**
 * The families API over HTTP: the controller, reading request bodies within the upload limits, and
 * the upload formats ({@link io.p2law.family.web.RunsFormat} beans, picked by media type).
 */
package io.p2law.family.web;
