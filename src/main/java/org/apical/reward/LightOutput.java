package org.apical.reward;

/**
 * A light channel (an LED or laser driver for optogenetics) beside the valve: on the same serial controller
 * ({@link SerialValveOutput#light}) or simulated. The session's light plan decides when to pulse and holds the
 * rig's bounds (pulse length, duty cycle) before anything reaches here; the device holds its own bounds again.
 * Every light is also switched off by the output's {@code closeValve()} (stall, error, exit).
 */
public interface LightOutput {

    String name();

    /**
     * Queues one pulse of {@code ms} for the frame stamped {@code timestamp}; false when it cannot be queued (a full
     * queue, a closed output). Must not block and must not allocate.
     */
    boolean pulse(int ms, double timestamp);

    /** Every light off now (from any thread). */
    void lightsOff();

    /** Pulses the device confirmed (or, simulated, took). */
    long pulsesDelivered();

    /** Pulses the device refused with its own bounds, or that could not be sent. */
    long pulsesRefused();

    /** The last problem the operator should see, or null. */
    default String lastLightError() { return null; }
}
