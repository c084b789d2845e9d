package io.p2law.law;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.p2law.fitting.Adequacy;
import io.p2law.fitting.CalibrationBasis;
import io.p2law.fitting.FitOptions;
import io.p2law.fitting.FitReport;
import io.p2law.fitting.ParameterEstimate;
import io.p2law.fitting.PredictiveCalibration;

/** The {@code law_fit} tables. */
@Repository
public class FitRepository {

    private static final String SELECT_FIT = """
            select f.id, fam.slug, f.form, f.huber_delta, f.starts, f.min_tokens, f.bootstrap_samples, f.seed,
                   f.data_version, f.fitted_at, f.duration_millis, f.objective, f.r2, f.rmse, f.asd, f.points,
                   f.runs, f.starts_run, f.starts_at_best, f.converged, f.warnings, f.bootstrap_values,
                   f.params_before_min, f.params_before_max, f.pruning_rate_min, f.pruning_rate_max,
                   f.tokens_min, f.tokens_max, f.calibration, f.calibration_scores, f.calibration_weights,
                   f.adequacy, f.adequacy_reasons, f.calibration_data_version, f.calibration_points,
                   f.calibration_runs, f.calibration_warnings
              from law_fit f join family fam on fam.id = f.family_id
            """;

    private final JdbcClient jdbc;

    FitRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredFit> findCurrent(long familyId, FitSpec spec, long dataVersion) {
        List<StoredFit> fits = withParameters(jdbc.sql(SELECT_FIT + """
                 where f.family_id = ? and f.form = ? and f.options_key = ? and f.data_version = ?
                   and f.calibration is not null
                 order by f.id desc limit 1
                """)
                .params(familyId, spec.form(), spec.optionsKey(), dataVersion)
                .query(this::fitRow).list());
        return fits.stream().findFirst();
    }

    /** The newest fit of the form and options, on whatever data version: what a stale answer is made from. */
    Optional<StoredFit> findLatest(long familyId, FitSpec spec) {
        return withParameters(jdbc.sql(SELECT_FIT + """
                 where f.family_id = ? and f.form = ? and f.options_key = ?
                 order by f.data_version desc, f.id desc limit 1
                """)
                .params(familyId, spec.form(), spec.optionsKey())
                .query(this::fitRow).list()).stream().findFirst();
    }

    Optional<StoredFit> find(long familyId, long id) {
        return withParameters(jdbc.sql(SELECT_FIT + " where f.family_id = ? and f.id = ?")
                .params(familyId, id).query(this::fitRow).list()).stream().findFirst();
    }

    /** The family's fits, newest first, optionally of one form only. */
    List<StoredFit> history(long familyId, Optional<String> form, int limit) {
        String where = form.isPresent() ? " where f.family_id = ? and f.form = ?" : " where f.family_id = ?";
        List<Object> params = new ArrayList<>(List.of(familyId));
        form.ifPresent(params::add);
        params.add(limit);
        return withParameters(jdbc.sql(SELECT_FIT + where + " order by f.fitted_at desc, f.id desc limit ?")
                .params(params).query(this::fitRow).list());
    }

    /**
     * Stores the fit under {@code id}, the id of the job that made it; {@code calibrationDataVersion}
     * is the data version its calibration was measured on ({@code dataVersion} unless it was reused).
     */
    StoredFit insert(long id, long familyId, String family, FitSpec spec, long dataVersion, FitReport report,
            ObservedRanges ranges, long calibrationDataVersion) {
        FitOptions options = spec.options();
        double[][] bootstrap = report.law().bootstrapValues();
        PredictiveCalibration calibration = report.law().calibration();
        Adequacy adequacy = report.adequacy();
        Map<String, Object> row = jdbc.sql("""
                insert into law_fit (id, family_id, form, options_key, huber_delta, starts, min_tokens,
                    bootstrap_samples, seed, data_version, objective, r2, rmse, asd, points, runs, starts_run,
                    starts_at_best, converged, warnings, bootstrap_values, params_before_min, params_before_max,
                    pruning_rate_min, pruning_rate_max, tokens_min, tokens_max, duration_millis, calibration,
                    calibration_scores, calibration_weights, adequacy, adequacy_reasons, calibration_data_version,
                    calibration_points, calibration_runs, calibration_warnings)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    ?, ?, ?, ?)
                returning fitted_at
                """)
                .params(id, familyId, spec.form(), spec.optionsKey(), options.huberDelta(), options.starts(),
                        options.minTokens(), options.bootstrapSamples(), options.seed(), dataVersion,
                        report.objective(), report.r2(), report.rmse(), report.asd(), report.points(),
                        report.runs(), report.starts(), report.startsAtBest(), report.converged(),
                        report.warnings().toArray(String[]::new), flatten(bootstrap),
                        ranges.paramsBefore().min(), ranges.paramsBefore().max(),
                        ranges.pruningRate().min(), ranges.pruningRate().max(),
                        ranges.tokens().min(), ranges.tokens().max(), report.durationMillis(),
                        calibration.numbers(), calibration.scores(), calibration.weights(),
                        adequacy.verdict().apiName(), adequacy.reasons().toArray(String[]::new),
                        calibrationDataVersion, report.calibrationBasis().points(), report.calibrationBasis().runs(),
                        calibration.warnings().toArray(String[]::new))
                .query().singleRow();
        List<ParameterEstimate> parameters = report.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterEstimate p = parameters.get(i);
            jdbc.sql("""
                    insert into law_fit_parameter (fit_id, position, name, value, std_error, lower, upper)
                    values (?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(id, i, p.name(), p.value(), p.stdError(), p.lower(), p.upper())
                    .update();
        }
        return new StoredFit(id, family, spec.form(), options, dataVersion,
                ((java.sql.Timestamp) row.get("fitted_at")).toInstant(), report.durationMillis(),
                List.copyOf(parameters), report.objective(), report.r2(), report.rmse(), report.asd(),
                report.points(), report.runs(), report.starts(), report.startsAtBest(), report.converged(),
                List.copyOf(report.warnings()), bootstrap, ranges, calibration, adequacy, calibrationDataVersion,
                report.calibrationBasis());
    }

    /** Deletes all but the newest {@code keep} fits of the family and form (their parameters go with them). */
    int keepNewest(long familyId, String form, int keep) {
        return jdbc.sql("""
                delete from law_fit where family_id = ? and form = ? and id not in (
                    select id from law_fit where family_id = ? and form = ? order by fitted_at desc, id desc limit ?)
                """).params(familyId, form, familyId, form, keep).update();
    }

    private List<StoredFit> withParameters(List<StoredFit> fits) {
        if (fits.isEmpty()) {
            return fits;
        }
        Map<Long, List<ParameterEstimate>> byFit = new LinkedHashMap<>();
        Long[] ids = fits.stream().map(StoredFit::id).toArray(Long[]::new);
        jdbc.sql("""
                select fit_id, name, value, std_error, lower, upper from law_fit_parameter
                 where fit_id = any(?) order by fit_id, position
                """)
                .param(ids)
                .query((ResultSet rs) -> {
                    byFit.computeIfAbsent(rs.getLong("fit_id"), id -> new ArrayList<>()).add(new ParameterEstimate(
                            rs.getString("name"), rs.getDouble("value"), rs.getDouble("std_error"),
                            rs.getDouble("lower"), rs.getDouble("upper")));
                });
        return fits.stream().map(fit -> withParameters(fit, byFit.getOrDefault(fit.id(), List.of()))).toList();
    }

    private static StoredFit withParameters(StoredFit fit, List<ParameterEstimate> parameters) {
        return new StoredFit(fit.id(), fit.family(), fit.form(), fit.options(), fit.dataVersion(), fit.fittedAt(),
                fit.durationMillis(), List.copyOf(parameters), fit.objective(), fit.r2(), fit.rmse(), fit.asd(),
                fit.points(), fit.runs(), fit.starts(), fit.startsAtBest(), fit.converged(), fit.warnings(),
                unflatten(fit.bootstrapValues()[0], parameters.size()), fit.observedRanges(), fit.calibration(),
                fit.adequacy(), fit.calibrationDataVersion(), fit.calibrationBasis());
    }

    /** Reads a fit without its parameters; the flat bootstrap row is reshaped once they are known. */
    private StoredFit fitRow(ResultSet rs, int row) throws SQLException {
        FitOptions options = new FitOptions(rs.getDouble("huber_delta"), rs.getInt("starts"),
                rs.getDouble("min_tokens"), rs.getInt("bootstrap_samples"), rs.getLong("seed"));
        ObservedRanges ranges = new ObservedRanges(
                new ObservedRanges.Range(rs.getDouble("params_before_min"), rs.getDouble("params_before_max")),
                new ObservedRanges.Range(rs.getDouble("pruning_rate_min"), rs.getDouble("pruning_rate_max")),
                new ObservedRanges.Range(rs.getDouble("tokens_min"), rs.getDouble("tokens_max")));
        return new StoredFit(rs.getLong("id"), rs.getString("slug"), rs.getString("form"), options,
                rs.getLong("data_version"), rs.getTimestamp("fitted_at").toInstant(), rs.getLong("duration_millis"),
                List.of(), rs.getDouble("objective"), rs.getDouble("r2"), rs.getDouble("rmse"), rs.getDouble("asd"),
                rs.getInt("points"), rs.getInt("runs"), rs.getInt("starts_run"), rs.getInt("starts_at_best"),
                rs.getBoolean("converged"), Arrays.asList(strings(rs.getArray("warnings"))),
                new double[][] {doubles(rs.getArray("bootstrap_values"))}, ranges, calibration(rs), adequacy(rs),
                calibrationDataVersion(rs), calibrationBasis(rs));
    }

    /** The fit's own data version for fits stored before calibrations were reused. */
    private static long calibrationDataVersion(ResultSet rs) throws SQLException {
        long version = rs.getLong("calibration_data_version");
        return rs.wasNull() ? rs.getLong("data_version") : version;
    }

    /** Null for fits stored before it was recorded: their calibration's warnings were not kept apart, so it is not handed on. */
    private static CalibrationBasis calibrationBasis(ResultSet rs) throws SQLException {
        int points = rs.getInt("calibration_points");
        if (rs.wasNull()) {
            return null;
        }
        int runs = rs.getInt("calibration_runs");
        return new CalibrationBasis(points, runs, rs.getLong("calibration_data_version") != rs.getLong("data_version"));
    }

    /** Null for fits stored before calibrations were. */
    private static PredictiveCalibration calibration(ResultSet rs) throws SQLException {
        Array numbers = rs.getArray("calibration");
        if (numbers == null) {
            return null;
        }
        Array warnings = rs.getArray("calibration_warnings");
        return PredictiveCalibration.of(doubles(numbers), doubles(rs.getArray("calibration_scores")),
                doubles(rs.getArray("calibration_weights")),
                warnings == null ? List.of() : Arrays.asList(strings(warnings)));
    }

    private static Adequacy adequacy(ResultSet rs) throws SQLException {
        String verdict = rs.getString("adequacy");
        if (verdict == null) {
            return null;
        }
        return new Adequacy(Adequacy.Verdict.ofApiName(verdict), Arrays.asList(strings(rs.getArray("adequacy_reasons"))));
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }

    private static double[] doubles(Array array) throws SQLException {
        Object values = array.getArray();
        if (values instanceof double[] primitive) {
            return primitive;
        }
        Double[] boxed = (Double[]) values;
        double[] result = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            result[i] = boxed[i];
        }
        return result;
    }

    private static double[] flatten(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[][] unflatten(double[] flat, int columns) {
        if (columns == 0) {
            return new double[0][];
        }
        double[][] rows = new double[flat.length / columns][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * columns, (i + 1) * columns);
        }
        return rows;
    }
}
