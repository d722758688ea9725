package org.apical.reward;

/**
 * A reward the safety gate has approved: for which trial, on which frame (sequence and source timestamp), how
 * much water, whether an operator asked for it by hand, and when the decision was made (System.nanoTime()).
 */
public record RewardRequest(int trial, long frame, double timestamp, double volumeUl, boolean manual,
                            long decidedNanos) {}
