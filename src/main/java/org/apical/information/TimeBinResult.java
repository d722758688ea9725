package org.apical.information;

/** The estimate for one window of the trial, {@code [fromS, toS)} seconds from onset; intervals may be null. */
public record TimeBinResult(double fromS, double toS, InformationEstimate estimate, BootstrapIntervals intervals) {
    public double centreS() { return (fromS + toS) / 2; }
}
