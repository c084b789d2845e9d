package io.p2law.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.micrometer.core.instrument.MeterRegistry;
import io.p2law.error.UnknownFamilyException;
import io.p2law.family.FamilyCatalog;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.PrunedModel;
import io.p2law.fitting.UnfittableDataException;
import io.p2law.fitting.UnknownLawFormException;
import io.p2law.support.IntegrationTest;

/** The fit store and its cache, driven directly against the real database. */
@IntegrationTest
@AutoConfigureMockMvc
class CurrentLawsTests {

    private static final FitSpec QUICK = new FitSpec("p2", new FitOptions(1e-3, 8, 0, 10, 3003L));

    @Autowired
    CurrentLaws fits;
    @Autowired
    FitRepository repository;
    @Autowired
    FamilyCatalog catalog;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MockMvc mvc;
    @LocalServerPort
    int port;

    private final String family = LawTestClient.freshSlug("service");

    @BeforeEach
    void uploadFamily() {
        new LawTestClient(mvc, port).uploadDepthFamily(family);
    }

    private double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aCurrentLawIsServedFromMemoryAfterTheFirstFit() {
        double fitsBefore = counter("p2law.law.fits", "form", "p2");
        double hitsBefore = counter("p2law.law.cache", "result", "hit");

        LawAnswer first = fits.current(family, QUICK);
        LawAnswer second = fits.current(family, QUICK);

        assertThat(first.fittedNow()).isTrue();
        assertThat(second.fittedNow()).isFalse();
        assertThat(second.current()).isSameAs(first.current());
        assertThat(counter("p2law.law.fits", "form", "p2")).isEqualTo(fitsBefore + 1);
        assertThat(counter("p2law.law.cache", "result", "hit")).isEqualTo(hitsBefore + 1);
    }

    @Test
    void aFamilyUploadedAgainAfterItsDeletionIsFittedAnew() {
        LawTestClient client = new LawTestClient(mvc, port);
        LawAnswer before = fits.current(family, QUICK);

        client.delete("/api/v1/families/" + family);
        client.uploadDepthFamily(family);
        LawAnswer after = fits.current(family, QUICK);

        // The new family counts its versions from the start again, so only its identity tells them apart.
        assertThat(after.current().fit().dataVersion()).isEqualTo(before.current().fit().dataVersion());
        assertThat(after.fittedNow()).isTrue();
        assertThat(after.current().fit().id()).isNotEqualTo(before.current().fit().id());
    }

    @Test
    void aStoredFitRestoresTheSameLaw() {
        LawAnswer fitted = fits.current(family, QUICK);
        long familyId = catalog.version(family).orElseThrow().familyId();
        StoredFit stored = repository.findCurrent(familyId, QUICK, fitted.current().fit().dataVersion()).orElseThrow();

        assertThat(stored.parameters()).isEqualTo(fitted.current().fit().parameters());
        assertThat(stored.bootstrapValues()).hasNumberOfRows(10);
        assertThat(stored.bootstrapValues()[3]).containsExactly(fitted.current().law().bootstrapValues()[3]);
        assertThat(stored.observedRanges()).isEqualTo(fitted.current().fit().observedRanges());
        assertThat(stored.warnings()).isEqualTo(fitted.current().fit().warnings());

        PrunedModel model = new PrunedModel(3.21e9, 2.4075e9, 0.25, 2.12);
        var restored = fits.restore(stored);
        assertThat(restored.predict(model, 1e9)).isEqualTo(fitted.current().law().predict(model, 1e9));
        assertThat(restored.interval(model, 1e9)).isEqualTo(fitted.current().law().interval(model, 1e9));
    }

    @Test
    void anUnknownFormOrFamilyIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> fits.current(family, FitSpec.defaults("p3")))
                .isInstanceOf(UnknownLawFormException.class);
        assertThatThrownBy(() -> fits.current("no-such-family", QUICK)).isInstanceOf(UnknownFamilyException.class);
    }

    @Test
    void aRefusedFitIsNotTriedAgainUntilTheDataChanges() {
        String refused = LawTestClient.freshSlug("refused");
        LawTestClient client = new LawTestClient(mvc, port);
        client.upload(refused, "application/json", runWithoutLossBefore("r1"));
        double refusalsBefore = counter("p2law.law.refusals", "form", "p2");

        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> fits.current(refused, QUICK)).isInstanceOf(UnfittableDataException.class)
                    .hasMessageContaining("lossBefore");
        }
        assertThat(counter("p2law.law.refusals", "form", "p2")).isEqualTo(refusalsBefore + 1);

        client.upload(refused, "application/json", runWithoutLossBefore("r2"));
        assertThatThrownBy(() -> fits.current(refused, QUICK)).isInstanceOf(UnfittableDataException.class);
        assertThat(counter("p2law.law.refusals", "form", "p2")).isEqualTo(refusalsBefore + 2);
    }

    private static String runWithoutLossBefore(String runId) {
        return """
                {"runs":[{"runId":"%s","baseModel":"m","pruningMethod":"depth","paramsBefore":1000000000,
                  "pruningRate":0.25,"checkpoints":[{"tokens":10000000,"loss":2.9},{"tokens":20000000,"loss":2.8},
                  {"tokens":40000000,"loss":2.75}]}]}
                """.formatted(runId);
    }
}
