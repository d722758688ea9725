package org.apical.stimulus;

import org.apical.CommandRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.apical.cli.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code apical stimulus preview} driven by key presses, and {@code apical bench stimulus}'s JSON, headless. */
class StimulusPreviewAndBenchTest {
    @BeforeAll static void fx() { FxTestSupport.startToolkit(); }

    private static JsonNode lastJson(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    private static Scene previewScene() {
        return FxToolkit.call(() -> {
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith("Apical stimulus preview")) {
                    return s.getScene();
                }
            }
            return null;
        });
    }

    private static void key(Scene scene, KeyCode code, boolean shift) {
        FxToolkit.call(() -> {
            Event.fireEvent(scene, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, shift, false, false, false));
            return null;
        });
    }

    @Test
    void arrowKeysRotateThePreviewAndEscapeClosesIt() throws Exception {
        CompletableFuture<CommandRun> run = CompletableFuture.supplyAsync(() ->
                CommandRun.of("stimulus", "preview", "--stimulus",
                        "src/test/resources/stimuli/test-grating.yaml", "--angle", "170", "--seconds", "20", "--json"));
        FxTestSupport.await(() -> previewScene() != null, 60_000, "the preview window");
        Scene scene = previewScene();
        key(scene, KeyCode.RIGHT, false);       // 171
        key(scene, KeyCode.RIGHT, true);        // 186 → 6
        key(scene, KeyCode.LEFT, false);        // 5
        Thread.sleep(100);
        key(scene, KeyCode.ESCAPE, false);
        CommandRun r = run.get();
        assertEquals(0, r.code(), r.err());
        JsonNode j = lastJson(r.out());
        assertEquals(5.0, j.get("angle").asDouble(), 1e-9);
        assertTrue(j.get("frames_drawn").asLong() > 0);
        assertTrue(j.get("pipeline_frames_shown").asLong() >= 2, r.out());
    }

    @Test
    void benchPrintsRenderFiguresAsJson() throws Exception {
        CommandRun r = CommandRun.of("bench", "stimulus", "--frames", "20",
                "--width", "192", "--height", "108", "--window-seconds", "0", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = lastJson(r.out());
        assertEquals(192, j.get("width").asInt());
        assertEquals(3, j.get("render").size());
        assertTrue(j.get("render").get(0).get("p50_ms").asDouble() > 0);
        assertTrue(j.get("window").isNull());
    }
}
