package io.p2law.law.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogScaleTests {

    @Test
    void spacesPointsEvenlyInLogIncludingBothEnds() {
        double[] points = LogScale.points(1e8, 1e10, 3);

        assertThat(points[0]).isEqualTo(1e8);
        assertThat(points[1]).isCloseTo(1e9, within(1e-3));
        assertThat(points[2]).isEqualTo(1e10);
    }

    @Test
    void oneCountIsTheStart() {
        assertThat(LogScale.points(5e8, 5e9, 1)).containsExactly(5e8);
    }
}
