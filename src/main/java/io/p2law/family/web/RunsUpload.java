package io.p2law.family.web;

import java.util.List;

import io.p2law.family.internal.RunInput;
/** JSON body of a bulk upload. */
record RunsUpload(List<RunInput> runs) {
}
