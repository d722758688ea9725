package org.apical.information;

import java.util.List;

/**
 * Everything computed for one session: the main-window estimate with its intervals and cross-validated
 * counterpart, the time-resolved estimates and the distance bins, plus the model's exact values when the data
 * were simulated. Nullable: {@code intervals}, {@code crossValidated}, {@code truth}; lists may be empty.
 */
public record SessionReport(String session, int neurons, double windowFrom, double windowTo,
                            InformationEstimate estimate, BootstrapIntervals intervals,
                            CrossValidatedEstimate crossValidated, List<TimeBinResult> timeBins,
                            List<DistanceBin> distance, KnownInformation truth, List<KnownInformation> timeTruth) {

    public SessionReport withTruth(KnownInformation window, List<KnownInformation> perTimeBin) {
        return new SessionReport(session, neurons, windowFrom, windowTo, estimate, intervals, crossValidated, timeBins,
                distance, window, List.copyOf(perTimeBin));
    }
}
