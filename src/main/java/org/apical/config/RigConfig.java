package org.apical.config;

/**
 * A rig definition ({@code rigs/NAME.yaml}): data in, rewards out, screen, recordings, hot-path tuning, and how the
 * soma–dendrite residuals are computed; {@code frames} (null unless {@code input.source: frames}): raw frames in.
 */
public record RigConfig(String name, String file, String text, InputSection input, SimSection sim,
                        PipelineSection pipeline, RewardSection reward, ScreenSection screen,
                        RecordingSection recording, ResidualSection residuals, LightSection light,
                        FramesSection frames) {

    /** Without a light or raw frames (callers written before either existed). */
    public RigConfig(String name, String file, String text, InputSection input, SimSection sim,
                     PipelineSection pipeline, RewardSection reward, ScreenSection screen,
                     RecordingSection recording, ResidualSection residuals) {
        this(name, file, text, input, sim, pipeline, reward, screen, recording, residuals, LightSection.off(), null);
    }

    public RigConfig withPipeline(PipelineSection p) {
        return new RigConfig(name, file, text, input, sim, p, reward, screen, recording, residuals, light, frames);
    }

    public RigConfig withInput(InputSection i) {
        return new RigConfig(name, file, text, i, sim, pipeline, reward, screen, recording, residuals, light, frames);
    }

    public static RigConfig read(ConfigNode n, String text) {
        String name = n.string("name", stem(n.file()));
        InputSection input = InputSection.read(n.child("input"));
        SimSection sim = SimSection.read(n.child("sim"), input.spikeEvents() ? SimSection.EVENTS : SimSection.COUNTS);
        if (sim.events() && !input.spikeEvents()) {
            n.problem("sim.output", "events needs input.kind: " + InputSection.SPIKE_EVENTS + " (the session bins them);"
                    + " input.kind is '" + input.kind() + "'");
        }
        if (input.spikeEvents() && input.simulated() && !sim.events()) {
            n.problem("sim.output", "must be events with input.kind: " + InputSection.SPIKE_EVENTS + ", found '"
                    + sim.output() + "'");
        }
        PipelineSection pipeline = PipelineSection.read(n.child("pipeline"));
        RewardSection reward = RewardSection.read(n.child("reward"));
        ScreenSection screen = ScreenSection.read(n.child("screen"));
        RecordingSection recording = RecordingSection.read(n.child("recording"));
        ResidualSection residuals = ResidualSection.read(n.child("residuals"));
        LightSection light = LightSection.read(n.child("light"), reward);
        FramesSection frames = FramesSection.read(n, input.frames());
        n.finish();
        return new RigConfig(name, n.file(), text, input, sim, pipeline, reward, screen, recording, residuals, light,
                frames);
    }

    static String stem(String file) {
        String f = file.replace('\\', '/');
        f = f.substring(f.lastIndexOf('/') + 1);
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }
}
