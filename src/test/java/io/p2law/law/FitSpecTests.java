package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.p2law.fitting.FitOptions;

class FitSpecTests {

    @Test
    void equalOptionsGiveEqualKeysAndEveryOptionCounts() {
        String defaults = FitSpec.defaults("p2").optionsKey();

        assertThat(new FitSpec("p2", new FitOptions(1e-3, 8, 0, 200, 42L)).optionsKey()).isEqualTo(defaults);
        assertThat(new FitSpec("p2", new FitOptions(2e-3, 8, 0, 200, 42L)).optionsKey()).isNotEqualTo(defaults);
        assertThat(new FitSpec("p2", new FitOptions(1e-3, 9, 0, 200, 42L)).optionsKey()).isNotEqualTo(defaults);
        assertThat(new FitSpec("p2", new FitOptions(1e-3, 8, 1e7, 200, 42L)).optionsKey()).isNotEqualTo(defaults);
        assertThat(new FitSpec("p2", new FitOptions(1e-3, 8, 0, 100, 42L)).optionsKey()).isNotEqualTo(defaults);
        assertThat(new FitSpec("p2", new FitOptions(1e-3, 8, 0, 200, 43L)).optionsKey()).isNotEqualTo(defaults);
    }
}
