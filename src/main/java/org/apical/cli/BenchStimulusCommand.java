package org.apical.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apical.config.ConfigNode;
import org.apical.config.Problems;
import org.apical.config.ScreenSection;
import org.apical.config.StimulusConfig;
import org.apical.core.Frame;
import org.apical.core.LatencyHistogram;
import org.apical.pipeline.LiveView;
import org.apical.stimulus.FxToolkit;
import org.apical.stimulus.GratingRenderer;
import org.apical.stimulus.StimulusStats;
import org.apical.stimulus.StimulusWindow;
import org.apical.core.Display;
import org.apical.core.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.apical.core.UserException;

/**
 * {@code apical bench stimulus}: how long the renderer takes per frame (the goal: a quarter of a 144 Hz frame,
 * 1.74 ms, at 1920×1080), and, on a machine with a display, the presentation interval and arrival → drawn latency
 * of a real stimulus window fed at the imaging rate.
 */
@Command(name = "stimulus", mixinStandardHelpOptions = true,
        description = "Grating render time per frame, and the stimulus window's presentation interval when a display exists.")
public final class BenchStimulusCommand implements Callable<Integer> {
    private static final double GOAL_MS = 1000.0 / 144 / 4;

    @Option(names = "--frames", defaultValue = "2000", description = "frames rendered per case (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--width", defaultValue = "1920", description = "render width in px (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "1080", description = "render height in px (default ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--window-seconds", defaultValue = "5",
            description = "how long the stimulus window runs when a display exists (default ${DEFAULT-VALUE}; 0 skips it)")
    double windowSeconds;

    @Option(names = "--json", description = "print the figures as JSON on the last line")
    boolean json;

    @Override public Integer call() throws Exception {
        if (frames < 10 || width < 16 || height < 16) throw new UserException("--frames ≥ 10, --width/--height ≥ 16");
        ScreenSection screen = new ScreenSection(0, false, width, height, 52, 20, new double[] {2.2}, 144);
        List<Map<String, Object>> cases = new ArrayList<>();
        System.out.printf("render time per frame at %dx%d, %d frames per case (goal: ≤ %.2f ms = a quarter of a 144 Hz frame)%n",
                width, height, frames, GOAL_MS);
        for (String[] c : new String[][] {{"sine", "circle"}, {"sine", "none"}, {"square", "rectangle"}}) {
            GratingRenderer r = new GratingRenderer(stimulus(c[0], c[1]), screen, width, height);
            for (int i = 0; i < Math.min(frames, 500); i++) r.draw(Display.GRATING, i * 0.37, i / 144.0, i / 50); // warm-up
            LatencyHistogram h = new LatencyHistogram();
            for (int i = 0; i < frames; i++) {
                long t0 = System.nanoTime();
                r.draw(Display.GRATING, i * 0.37, i / 144.0, i / 50);
                h.record(System.nanoTime() - t0);
            }
            System.out.printf("  %-6s %-9s  p50 %.3f ms  p99 %.3f ms  max %.3f ms  mean %.3f ms  %s%n", c[0], c[1],
                    h.quantile(0.5) / 1e6, h.quantile(0.99) / 1e6, h.max() / 1e6, h.meanNanos() / 1e6,
                    h.quantile(0.99) / 1e6 <= GOAL_MS ? "within goal" : "OVER GOAL at p99");
            Map<String, Object> m = Json.object();
            m.put("waveform", c[0]);
            m.put("aperture", c[1]);
            m.put("p50_ms", Json.number(h.quantile(0.5) / 1e6));
            m.put("p99_ms", Json.number(h.quantile(0.99) / 1e6));
            m.put("max_ms", Json.number(h.max() / 1e6));
            m.put("mean_ms", Json.number(h.meanNanos() / 1e6));
            cases.add(m);
        }
        Map<String, Object> out = Json.object();
        out.put("width", width);
        out.put("height", height);
        out.put("frames", frames);
        out.put("goal_ms", GOAL_MS);
        out.put("render", cases);
        if (windowSeconds > 0 && FxToolkit.displayAvailable()) {
            StimulusStats s = window(screen);
            System.out.println("window (fed at 30 Hz): " + s.summary());
            out.put("window", s.toMap());
        } else {
            String why = windowSeconds <= 0 ? "skipped (--window-seconds 0)"
                    : "headless: no display, so the presentation interval was not measured";
            System.out.println("window: " + why);
            out.put("window", null);
            out.put("window_note", why);
        }
        if (json) System.out.println(Json.line(out));
        return 0;
    }

    private StimulusStats window(ScreenSection benchScreen) throws InterruptedException {
        LiveView view = new LiveView();
        ScreenSection screen = new ScreenSection(0, false, benchScreen.widthPx(), benchScreen.heightPx(), 52, 20,
                benchScreen.gamma(), 60);
        StimulusWindow w = StimulusWindow.open(view, stimulus("sine", "circle"), screen, StimulusWindow.Mode.WINDOWED);
        Frame f = new Frame(0);
        long end = System.nanoTime() + (long) (windowSeconds * 1e9);
        long next = System.nanoTime();
        for (long seq = 0; System.nanoTime() < end; seq++) {
            f.sequence = seq;
            f.timestamp = seq / 30.0;
            f.arrivalNanos = System.nanoTime();
            f.state = TaskState.TRIAL;
            f.display = Display.GRATING;
            f.angle = (seq * 1.5) % 180;
            f.trial = 1 + (int) (seq / 300);
            view.publish(f, 0, 0, 0, 0);
            next += 33_333_333L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
        return w.close();
    }

    private static StimulusConfig stimulus(String waveform, String aperture) {
        String yaml = """
                grating: {waveform: %s, spatial_frequency_cpd: 0.04, contrast: 1, mean_luminance: 0.5,
                          temporal_frequency_hz: 2, aperture: %s, size_deg: 60}
                photodiode: {enabled: true, corner: bottom-right, size_px: 40}
                """.formatted(waveform, aperture);
        Problems p = new Problems();
        StimulusConfig s = StimulusConfig.read(ConfigNode.parse(yaml, "(bench stimulus)", p), yaml);
        p.throwIfAny();
        return s;
    }
}
