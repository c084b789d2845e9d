package io.p2law.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;

class CountsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(@JsonSerialize(using = Counts.Nearest.class) double tokens,
            @JsonSerialize(using = Counts.UpTo.class) Double budget) {
    }

    private static String json(double tokens, Double budget) {
        return JSON.writeValueAsString(new Answer(tokens, budget));
    }

    @Test
    void countsAreWholeJsonNumbers() {
        assertThat(json(999999999.9999993, 1.743244596147967E8)).isEqualTo("{\"tokens\":1000000000,\"budget\":174324460}");
        assertThat(json(3.21e9, 2.4075e9)).isEqualTo("{\"tokens\":3210000000,\"budget\":2407500000}");
    }

    @Test
    void aBudgetIsRoundedUpButNotForFloatingPointNoise() {
        assertThat(json(0, 174324459.2)).endsWith("\"budget\":174324460}");
        assertThat(json(0, 1000000000.0000002)).endsWith("\"budget\":1000000000}");
        assertThat(json(0, null)).endsWith("\"budget\":null}");
    }

    @Test
    void countsBeyondALongStayWhole() {
        assertThat(json(1e20, 1e20)).isEqualTo("{\"tokens\":100000000000000000000,\"budget\":100000000000000000000}");
    }
}
