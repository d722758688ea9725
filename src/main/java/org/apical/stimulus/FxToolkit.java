package org.apical.stimulus;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.apical.core.UserException;

/**
 * Starts the JavaFX toolkit once per process, without an {@code Application} subclass, for every window Apical
 * opens (stimulus, console). Closing the last window does not end the toolkit: the session decides when to exit.
 */
public final class FxToolkit {
    private static boolean started;

    private FxToolkit() {}

    /** True when a window can be shown: an X11 or Wayland display, or a headless glass platform (Monocle). */
    public static boolean displayAvailable() {
        if (System.getProperty("glass.platform") != null) return true;
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return true;
        return nonEmpty(System.getenv("DISPLAY")) || nonEmpty(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean nonEmpty(String s) { return s != null && !s.isBlank(); }

    /** Starts the toolkit if needed and returns once it runs. {@code what} names the window for the error. */
    public static synchronized void start(String what) {
        if (started) return;
        if (!displayAvailable()) {
            throw new UserException(what + " needs a display, and none is set (DISPLAY and WAYLAND_DISPLAY are empty):"
                    + " run on the rig's desktop, or under Xvfb (xvfb-run), or leave the window out");
        }
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        } catch (UnsupportedOperationException | Error e) {
            throw new UserException(what + ": JavaFX cannot start here: " + e.getMessage(), e);
        }
        try {
            if (!up.await(20, TimeUnit.SECONDS)) throw new UserException(what + ": JavaFX did not start within 20 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException(what + ": interrupted while JavaFX was starting");
        }
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Runs {@code task} on the JavaFX thread and waits for its result (directly when already on it). */
    public static <T> T call(Callable<T> task) {
        if (Platform.isFxApplicationThread()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the JavaFX thread did not answer within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
