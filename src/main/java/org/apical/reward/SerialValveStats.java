package org.apical.reward;

/**
 * A serial valve output's counters, for the session summary and the console.
 *
 * @param sent             OPEN commands written
 * @param delivered        rewards the device confirmed (ACK, or STATUS after a lost ACK)
 * @param failed           rewards that certainly did not open the valve (refused, never received, not sent)
 * @param unknown          rewards whose fate could not be learned (device silent or restarted)
 * @param unacknowledged   OPENs without an ACK within ack_timeout
 * @param garbled          unreadable lines from the device
 * @param deviceErrors     readable but unexpected replies (ERR, ACK for an id not pending)
 * @param clampedByDevice  pulses the device shortened to its own maximum
 * @param clampedByLimit   pulses Apical shortened to max_valve_open_ms
 * @param closesSent       CLOSE commands written (watchdog, shutdown hook, end of session)
 * @param errors           everything the operator was told about (lastError holds the newest)
 */
public record SerialValveStats(long sent, long delivered, long failed, long unknown, long unacknowledged,
                               long garbled, long deviceErrors, long missedHeartbeats, long reconnects,
                               long clampedByDevice, long clampedByLimit, long closesSent, long errors,
                               boolean valveOpen, boolean healthy, String lastError) {}
