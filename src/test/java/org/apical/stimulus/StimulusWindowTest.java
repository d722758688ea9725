package org.apical.stimulus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apical.core.Frame;
import org.apical.pipeline.LiveView;
import org.apical.core.Display;
import org.apical.core.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real window on JavaFX's Monocle headless platform: what the scene shows and what the draw log says. */
class StimulusWindowTest {
    private final LiveView view = new LiveView();
    private final Frame frame = new Frame(0);
    private StimulusWindow window;

    record Drawn(long displayFrame, long pipelineFrame, long arrival, long drawn, double angle, Display display) {}

    @BeforeAll static void fx() { FxTestSupport.startToolkit(); }

    @AfterEach void close() {
        if (window != null) window.close();
    }

    private StimulusWindow open(String aperture) {
        return StimulusWindow.open(view, TestStimuli.grating("sine", 0.1, 1, aperture, true), TestStimuli.screen(null),
                StimulusWindow.Mode.WINDOWED, 1024);
    }

    private List<Drawn> drainUntil(long pipelineFrame) throws InterruptedException {
        List<Drawn> all = new ArrayList<>();
        FxTestSupport.await(() -> {
            window.drawLog().drain((d, p, a, n, angle, display, diode) -> all.add(new Drawn(d, p, a, n, angle, display)));
            return !all.isEmpty() && all.getLast().pipelineFrame() >= pipelineFrame;
        }, 5000, "pipeline frame " + pipelineFrame + " to be drawn");
        return all;
    }

    @Test
    void sceneShowsTheLatestPublishedAngle() throws Exception {
        window = open("none");
        for (double angle : new double[] {60, 170, 190}) {
            long seq = (long) angle;
            FxTestSupport.publish(view, frame, seq, TaskState.TRIAL, Display.GRATING, angle, 1, 0, 0, 0, 0, 0, 0, 1);
            List<Drawn> drawn = drainUntil(seq);
            Drawn last = drawn.getLast();
            assertEquals(angle, last.angle());
            assertEquals(frame.arrivalNanos, last.arrival(), "the log names the pipeline frame's own arrival time");
            assertTrue(last.drawn() >= last.arrival());
            int[] size = new int[2];
            int[] px = FxTestSupport.scenePixels(window.stage().getScene(), size);
            int w = size[0], h = size[1];
            assertEquals(window.width(), w);
            double measured = ImageAnalysis.orientation(px, w, 20, 20, w - 60, h - 60);
            assertTrue(ImageAnalysis.orientationError(measured, angle % 180) < 1.5,
                    "published " + angle + "°, the window shows " + measured + "°");
        }
        StimulusStats stats = window.stats();
        assertTrue(stats.framesDrawn() >= 3);
        assertTrue(stats.pipelineFramesShown() >= 3, "each published frame counted once: " + stats);
        assertTrue(Double.isFinite(stats.latencyP99Ms()));
    }

    @Test
    void betweenTrialsTheStimulusFileDecidesNotThePublishedGrating() throws Exception {
        window = open("circle");
        // the task stage says GRATING at the target angle, but the state is ITI: the file's iti_display (grey) wins
        FxTestSupport.publish(view, frame, 5, TaskState.ITI, Display.GRATING, 90, 2, 0, 0, 0, 1, 1, 1, 0.2);
        List<Drawn> drawn = drainUntil(5);
        assertEquals(Display.GREY, drawn.getLast().display());
        int[] size = new int[2];
        int[] px = FxTestSupport.scenePixels(window.stage().getScene(), size);
        int w = size[0];
        int centre = px[(size[1] / 2) * w + w / 2] & 0xFF;
        for (int y = 60; y < size[1] - 60; y += 13) {
            for (int x = 60; x < w - 60; x += 13) assertEquals(centre, px[y * w + x] & 0xFF, "uniform grey");
        }
        assertEquals(128, centre, "the mean luminance on a linear screen");
        FxTestSupport.publish(view, frame, 6, TaskState.TIMEOUT, Display.GRATING, 90, 2, 0, 0, 0, 1, 1, 1, 0.2);
        assertEquals(Display.BLACK, drainUntil(6).getLast().display(), "timeout_display defaults to black");
    }

    @Test
    void closingEndsDrawing() throws Exception {
        window = open("none");
        FxTestSupport.publish(view, frame, 1, TaskState.TRIAL, Display.GRATING, 10, 1, 0, 0, 0, 0, 0, 0, 0);
        drainUntil(1);
        StimulusStats stats = window.close();
        assertTrue(window.awaitClosed(1, TimeUnit.SECONDS));
        long written = window.drawLog().written();
        Thread.sleep(100);
        assertEquals(written, window.drawLog().written(), "no drawing after close");
        assertTrue(stats.framesDrawn() > 0);
        assertFalse(Double.isNaN(stats.renderP99Ms()));
        window = null;
    }
}
