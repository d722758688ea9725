package org.apical.reward;

import java.util.concurrent.atomic.AtomicLong;

/** A light that only counts its pulses: {@code light.output: simulated} on a rig without a simulated animal. */
public final class SimulatedLightOutput implements LightOutput {
    private final AtomicLong pulses = new AtomicLong();

    @Override public String name() { return "simulated light"; }

    @Override public boolean pulse(int ms, double timestamp) {
        pulses.incrementAndGet();
        return true;
    }

    @Override public void lightsOff() {}

    @Override public long pulsesDelivered() { return pulses.get(); }

    @Override public long pulsesRefused() { return 0; }
}
