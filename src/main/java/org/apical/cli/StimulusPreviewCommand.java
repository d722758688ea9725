package org.apical.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import org.apical.core.Frame;
import org.apical.pipeline.LiveView;
import org.apical.stimulus.FxToolkit;
import org.apical.stimulus.GratingRenderer;
import org.apical.stimulus.StimulusFiles;
import org.apical.stimulus.StimulusStats;
import org.apical.stimulus.StimulusWindow;
import org.apical.core.Display;
import org.apical.core.TaskState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code apical stimulus preview}: the grating in a window, driven exactly as in a session (through a LiveView and
 * the stimulus window), with the keyboard standing in for the decoder.
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Show the grating in a window; arrow keys rotate it.",
                "Keys: ← → rotate 1° (Shift: 15°), ↑ ↓ rotate 15°, G grey screen, B black screen, Esc or Q closes.",
                "Prints the window's frame timing at the end."})
public final class StimulusPreviewCommand implements Callable<Integer> {
    @Option(names = "--stimulus", required = true, paramLabel = "FILE", description = "stimuli/NAME.yaml")
    Path stimulus;

    @Option(names = "--rig", paramLabel = "FILE", description = "rigs/NAME.yaml for the screen (geometry, gamma, index)")
    Path rig;

    @Option(names = "--angle", paramLabel = "DEG", description = "starting orientation (default: the file's start angle)")
    Double angle;

    @Option(names = "--fullscreen", description = "full screen on the rig's screen.index instead of a window")
    boolean fullscreen;

    @Option(names = "--seconds", paramLabel = "S", description = "close by itself after this long (default: when closed)")
    Double seconds;

    @Option(names = "--json", description = "print the frame timing as JSON on the last line")
    boolean json;

    private final LiveView view = new LiveView();
    private final Frame frame = new Frame(0);
    private double current;
    private Display display = Display.GRATING;

    @Override public Integer call() throws Exception {
        StimulusFiles.Loaded defs = StimulusFiles.load(stimulus, rig);
        current = angle != null ? angle : defs.stimulus().startAngle();
        view.setTarget(defs.stimulus().targetAngle(), defs.stimulus().tolerance());
        publish();
        StimulusWindow window = StimulusWindow.open(view, defs.stimulus(), defs.screen(),
                fullscreen ? StimulusWindow.Mode.FULLSCREEN : StimulusWindow.Mode.WINDOWED);
        FxToolkit.call(() -> {
            window.stage().getScene().setOnKeyPressed(e -> {
                double step = e.isShiftDown() ? 15 : 1;
                KeyCode k = e.getCode();
                switch (k) {
                    case RIGHT -> current += step;
                    case LEFT -> current -= step;
                    case UP -> current += 15;
                    case DOWN -> current -= 15;
                    case G -> display = display == Display.GREY ? Display.GRATING : Display.GREY;
                    case B -> display = display == Display.BLACK ? Display.GRATING : Display.BLACK;
                    case ESCAPE, Q -> window.close();
                    default -> { return; }
                }
                current = GratingRenderer.wrap(current);
                publish();
                window.stage().setTitle(String.format("Apical stimulus preview — %.0f° %s", current,
                        display == Display.GRATING ? "" : display.name().toLowerCase()));
            });
            window.stage().setTitle(String.format("Apical stimulus preview — %.0f°", current));
            publish(); // again, so the first latency counts from an arrival after the window exists
            return null;
        });
        System.out.printf("preview: %s on %s, %dx%d px; arrows rotate, Esc closes%n", stimulus, defs.screenSource(),
                window.width(), window.height());
        if (seconds != null) {
            if (!window.awaitClosed((long) (seconds * 1000), TimeUnit.MILLISECONDS)) window.close();
        } else {
            window.awaitClosed(Long.MAX_VALUE, TimeUnit.DAYS);
        }
        StimulusStats stats = window.close();
        System.out.println(stats.summary());
        if (json) {
            Map<String, Object> m = Json.object();
            m.put("angle", current);
            m.put("width", window.width());
            m.put("height", window.height());
            m.putAll(stats.toMap());
            System.out.println(Json.line(m));
        }
        return 0;
    }

    /** Called on the main thread before the window opens, then only on the JavaFX thread: one writer at a time. */
    private void publish() {
        frame.sequence++;
        frame.timestamp = frame.sequence;
        frame.arrivalNanos = System.nanoTime();
        frame.state = TaskState.TRIAL;
        frame.display = display;
        frame.angle = current;
        frame.trial = 1;
        view.publish(frame, 0, 0, 0, 0);
    }
}
