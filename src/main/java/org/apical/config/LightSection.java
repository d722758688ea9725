package org.apical.config;

/**
 * The optogenetic light beside the valve ({@code light:} in a rig file): when it pulses, how long, on which
 * trials, the bounds no pulse may pass, and which output drives it.
 *
 * <ul>
 *   <li>{@code mode}: {@code off}; {@code every_frame} (a pulse of pulse_ms at every frame of a light-on trial,
 *       baseline and inter-trial interval included: the open-loop protocol); {@code at_hit} (the hit's reward
 *       command goes to the light instead of the water on light-on trials: the closed-loop protocol);
 *       {@code at_hit_with_reward} (light and water together).</li>
 *   <li>{@code schedule}: which trials are light-on: {@code session} (all), {@code alternate_trials},
 *       {@code blocks} of {@code block_trials}; {@code first_trial_light} says whether the first trial (and the baseline
 *       before it) is light-on.</li>
 *   <li>{@code max_pulse_ms} and {@code max_duty}: the host's bounds (the controller has its own); a pulse starting
 *       sooner than its length / max_duty after the previous one is refused.</li>
 *   <li>{@code output}: {@code controller} (a light channel of the serial reward controller, {@code controller}
 *       naming its reward output, the first serial one by default) or {@code simulated}.</li>
 * </ul>
 */
public record LightSection(Mode mode, double pulseMs, double maxPulseMs, double maxDuty, Schedule schedule,
                           int blockTrials, boolean firstOn, String output, String controller, int channel) {

    public enum Mode {
        OFF, EVERY_FRAME, AT_HIT, AT_HIT_WITH_REWARD;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public enum Schedule {
        SESSION, ALTERNATE_TRIALS, BLOCKS;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** No light. */
    public static LightSection off() {
        return new LightSection(Mode.OFF, 6, 20, 0.25, Schedule.SESSION, 10, true, "simulated", null, 0);
    }

    public boolean enabled() { return mode != Mode.OFF; }

    /** Whether trial {@code trial} (from 1; the baseline counts as trial 1) is a light-on trial. */
    public boolean on(int trial) {
        int t = Math.max(1, trial) - 1;
        boolean second = switch (schedule) {
            case SESSION -> false;
            case ALTERNATE_TRIALS -> t % 2 == 1;
            case BLOCKS -> (t / blockTrials) % 2 == 1;
        };
        return firstOn != second;
    }

    static LightSection read(ConfigNode n, RewardSection reward) {
        String mode = n.choiceOrOff("mode", "off", "off", "every_frame", "at_hit", "at_hit_with_reward");
        double max = n.number("max_pulse_ms", 20, 1, 1_000);
        double pulse = n.number("pulse_ms", Math.min(6, max), 1, 1_000);
        double duty = n.number("max_duty", 0.25, 0.001, 0.5);
        String schedule = n.choice("schedule", "session", "session", "alternate_trials", "blocks");
        int block = n.integer("block_trials", 10, 1, 100_000);
        boolean first = n.bool("first_trial_light", true);
        boolean hasSerial = reward.outputs().stream().anyMatch(o -> o instanceof RewardOutputSpec.Serial);
        String output = n.choice("output", hasSerial ? "controller" : "simulated", "controller", "simulated");
        String controller = n.string("controller", null);
        int channel = n.integer("channel", 0, 0, 15);
        if (pulse > max) {
            n.problem("pulse_ms", fmt(pulse) + " ms is longer than max_pulse_ms " + fmt(max)
                    + " ms; no light pulse may pass that bound");
        }
        if (output.equals("controller")) {
            var serial = reward.outputs().stream().filter(o -> o instanceof RewardOutputSpec.Serial).toList();
            if (serial.isEmpty()) {
                n.problem("output", "controller needs a serial reward output (reward.outputs, type: serial) whose"
                        + " controller drives the light; this rig has none (use output: simulated)");
            } else if (controller != null && serial.stream().noneMatch(o -> o.name().equals(controller))) {
                n.problem("controller", "'" + controller + "' is not the name of a serial reward output (there are: "
                        + String.join(", ", serial.stream().map(RewardOutputSpec::name).toList()) + ")");
            }
        }
        n.finish();
        return new LightSection(Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), pulse, max, duty,
                Schedule.valueOf(schedule.toUpperCase(java.util.Locale.ROOT)), block, first, output,
                controller, channel);
    }

    /** The serial reward output whose controller drives the light (output: controller), by name; null: the first. */
    public String controllerName() { return controller; }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
