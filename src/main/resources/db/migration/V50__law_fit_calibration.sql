-- What a fit's prediction intervals and adequacy verdict rest on, measured once per fit by held-out
-- refits (issue 11). Fits stored before this migration have nulls here and are fitted again on the
-- next request that needs them.
alter table law_fit
    -- scatter, runError, sizeGrowthUp, sizeGrowthDown, rateGrowthUp, rateGrowthDown, tokenGrowth,
    -- lnSizeMin, lnSizeMax, lnRateMin, lnRateMax, lnTokensMin, lnTokensMax, inflation, refits,
    -- heldOutMape, heldOutCoverage (PredictiveCalibration's numbers, in that order)
    add column calibration          double precision[],
    -- the held-out scores (sorted) and their weights
    add column calibration_scores   double precision[],
    add column calibration_weights  double precision[],
    add column adequacy             text,
    add column adequacy_reasons     text[];
