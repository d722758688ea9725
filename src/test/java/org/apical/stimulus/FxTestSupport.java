package org.apical.stimulus;

import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import org.apical.core.Frame;
import org.apical.pipeline.LiveView;
import org.apical.core.Display;
import org.apical.core.TaskState;

/** Shared by the JavaFX tests: one toolkit for the whole run (Monocle headless), scene pixels, a frame feeder. */
public final class FxTestSupport {
    private FxTestSupport() {}

    public static void startToolkit() { FxToolkit.start("test"); }

    /** The scene as ARGB pixels, rendered on the JavaFX thread. */
    public static int[] scenePixels(Scene scene, int[] sizeOut) {
        return FxToolkit.call(() -> {
            WritableImage img = scene.snapshot(null);
            int w = (int) img.getWidth(), h = (int) img.getHeight();
            int[] px = new int[w * h];
            img.getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), px, 0, w);
            sizeOut[0] = w;
            sizeOut[1] = h;
            return px;
        });
    }

    /** Publishes one frame into {@code view}, as the pipeline's monitor would. */
    public static void publish(LiveView view, Frame f, long seq, TaskState state, Display display, double angle,
                               int trial, double plus, double minus, double cursor, int trials, int hits, int rewards,
                               double stateSeconds) {
        f.sequence = seq;
        f.timestamp = seq / 30.0;
        f.arrivalNanos = System.nanoTime();
        f.state = state;
        f.display = display;
        f.angle = angle;
        f.trial = trial;
        f.plus = plus;
        f.minus = minus;
        f.cursor = cursor;
        view.publish(f, stateSeconds, trials, hits, rewards);
    }

    public static void await(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }
}
