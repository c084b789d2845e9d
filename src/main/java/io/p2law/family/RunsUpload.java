package io.p2law.family;

import java.util.List;

/** JSON body of a bulk upload. */
record RunsUpload(List<RunInput> runs) {
}
