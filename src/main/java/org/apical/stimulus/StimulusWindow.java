package org.apical.stimulus;

import java.nio.IntBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.geometry.Rectangle2D;
import javafx.scene.Cursor;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCombination;
import javafx.scene.paint.Color;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.apical.core.UserException;
import org.apical.config.ScreenSection;
import org.apical.config.StimulusConfig;
import org.apical.pipeline.LiveView;

/**
 * The window the mouse looks at. An {@link AnimationTimer} runs once per display pulse: it copies the latest
 * state out of the {@link LiveView} (a seqlock read: it never waits on the pipeline, and the pipeline never waits
 * on it), draws the grating into the renderer's buffer, which the scene shows without a further copy, and logs
 * which pipeline frame it drew ({@link DrawLog}) and the timing ({@link FrameTiming}).
 *
 * <p>Full screen on the rig's {@code screen.index}, or windowed for previews. All methods may be called from any
 * thread; the drawing itself happens on the JavaFX thread.
 */
public final class StimulusWindow {
    /** Where the window goes. */
    public enum Mode { FULLSCREEN, WINDOWED }

    private final LiveView view;
    private final LiveView.Snapshot snap = new LiveView.Snapshot();
    private final DisplayRule rule;
    private final DisplayRule.Shown shown = new DisplayRule.Shown();
    private final GratingRenderer renderer;
    private final PixelBuffer<IntBuffer> buffer;
    private final Stage stage;
    private final DrawLog log;
    private final FrameTiming timing;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AnimationTimer timer;
    /** Allocated once: the per-pulse draw runs inside the image's update callback. */
    private final javafx.util.Callback<PixelBuffer<IntBuffer>, Rectangle2D> drawCallback = b -> {
        draw();
        return null;
    };
    private long pulse;
    private long startPulse = -1;
    private long displayFrame;
    private boolean lastDiode;

    private StimulusWindow(LiveView view, StimulusConfig stimulus, ScreenSection screen, Mode mode, int logCapacity) {
        this.view = view;
        this.rule = new DisplayRule(stimulus);
        List<Screen> screens = Screen.getScreens();
        Screen target;
        if (mode == Mode.FULLSCREEN) {
            if (screen.index() >= screens.size()) {
                throw new UserException("screen.index: the rig names screen " + screen.index() + ", but this machine has "
                        + screens.size() + " screen(s) (0.." + (screens.size() - 1) + ")");
            }
            target = screens.get(screen.index());
        } else {
            target = screen.index() < screens.size() ? screens.get(screen.index()) : Screen.getPrimary();
        }
        Rectangle2D bounds = target.getBounds();
        int w, h;
        if (mode == Mode.FULLSCREEN) {
            // physical pixels, so HiDPI scaling does not blur the grating
            w = (int) Math.round(bounds.getWidth() * target.getOutputScaleX());
            h = (int) Math.round(bounds.getHeight() * target.getOutputScaleY());
        } else {
            w = (int) Math.min(screen.widthPx() / 2, Math.max(320, bounds.getWidth() * 0.6));
            h = (int) Math.round((double) w * screen.heightPx() / screen.widthPx());
        }
        renderer = new GratingRenderer(stimulus, screen, w, h);
        // the image shares the renderer's array: drawing is the only pass over the pixels
        buffer = new PixelBuffer<>(w, h, IntBuffer.wrap(renderer.pixels()), PixelFormat.getIntArgbPreInstance());
        view.read(snap);
        rule.resolve(snap.frame, snap.state, snap.display, snap.angle, shown);
        renderer.draw(shown.display, shown.angle, 0, snap.trial);
        ImageView image = new ImageView(new WritableImage(buffer));
        Group root = new Group(image);
        Scene scene = new Scene(root, mode == Mode.FULLSCREEN ? bounds.getWidth() : w,
                mode == Mode.FULLSCREEN ? bounds.getHeight() : h, Color.BLACK);
        if (mode == Mode.FULLSCREEN) {
            image.setFitWidth(bounds.getWidth());
            image.setFitHeight(bounds.getHeight());
            scene.setCursor(Cursor.NONE);
        }
        stage = new Stage(mode == Mode.FULLSCREEN ? StageStyle.UNDECORATED : StageStyle.DECORATED);
        stage.setTitle("Apical stimulus — " + stimulus.name());
        stage.setScene(scene);
        stage.setX(bounds.getMinX() + (mode == Mode.FULLSCREEN ? 0 : 40));
        stage.setY(bounds.getMinY() + (mode == Mode.FULLSCREEN ? 0 : 40));
        if (mode == Mode.FULLSCREEN) {
            stage.setFullScreenExitHint("");
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
            stage.setFullScreen(true);
        } else {
            stage.setResizable(false);
        }
        log = new DrawLog(logCapacity);
        timing = new FrameTiming(screen.refreshHz());
        timer = new AnimationTimer() {
            @Override public void handle(long now) { frame(now); }
        };
        stage.setOnHidden(e -> {
            timer.stop();
            closed.countDown();
        });
        stage.show();
        timer.start();
    }

    /**
     * Opens the stimulus window and returns once it is showing (starting JavaFX if needed). The draw log holds
     * {@code logCapacity} frames for a recorder to drain (at 144 Hz, 16384 is about two minutes of slack).
     */
    public static StimulusWindow open(LiveView view, StimulusConfig stimulus, ScreenSection screen, Mode mode,
                                      int logCapacity) {
        // JavaFX pulses at 60 Hz unless told otherwise; read once, when the toolkit starts (so open this window
        // before the console, or pass -Djavafx.animation.pulse=N yourself)
        if (System.getProperty("javafx.animation.pulse") == null) {
            System.setProperty("javafx.animation.pulse", Long.toString(Math.round(screen.refreshHz())));
        }
        FxToolkit.start("the stimulus window");
        return FxToolkit.call(() -> new StimulusWindow(view, stimulus, screen, mode, logCapacity));
    }

    public static StimulusWindow open(LiveView view, StimulusConfig stimulus, ScreenSection screen, Mode mode) {
        return open(view, stimulus, screen, mode, 16384);
    }

    /** One display pulse (JavaFX thread). */
    private void frame(long now) {
        if (startPulse < 0) startPulse = now;
        pulse = now;
        buffer.updateBuffer(drawCallback);
    }

    private void draw() {
        long renderStart = System.nanoTime();
        view.read(snap);
        rule.resolve(snap.frame, snap.state, snap.display, snap.angle, shown);
        double seconds = shown.drifting ? (pulse - startPulse) / 1e9 : 0;
        lastDiode = renderer.draw(shown.display, shown.angle, seconds, snap.trial);
        long drawn = System.nanoTime();
        log.record(displayFrame++, snap.frame, snap.arrivalNanos, drawn, shown.angle, shown.display, lastDiode);
        timing.onFrame(pulse, snap.frame, snap.arrivalNanos, drawn, drawn - renderStart);
    }


    /** Frames drawn so far with the pipeline frame each showed; drain it from the recorder's thread. */
    public DrawLog drawLog() { return log; }

    /** The timing so far (computed on the JavaFX thread). */
    public StimulusStats stats() { return FxToolkit.call(() -> timing.stats(log.dropped())); }

    /** The window itself, e.g. for key handlers in a preview. Touch it only on the JavaFX thread. */
    public Stage stage() { return stage; }

    /** The renderer's buffer size (physical pixels). */
    public int width() { return renderer.width(); }
    public int height() { return renderer.height(); }

    /** Blocks until the window is closed (by {@link #close()} or by the user); false on timeout. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** Stops drawing, closes the window and returns the session's timing. Idempotent. */
    public StimulusStats close() {
        return FxToolkit.call(() -> {
            timer.stop();
            stage.hide();
            return timing.stats(log.dropped());
        });
    }
}
