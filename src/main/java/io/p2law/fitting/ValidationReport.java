package io.p2law.fitting;

import java.util.List;

/** The three held-out checks of the P2 paper for one form. */
public record ValidationReport(String form, List<HeldOutResult> splits) {
}
