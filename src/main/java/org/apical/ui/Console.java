package org.apical.ui;

import org.apical.pipeline.LiveView;
import org.apical.pipeline.SessionControl;
import org.apical.stimulus.FxToolkit;

/** The entry the session calls: opens the operator console and returns at once (JavaFX started if needed). */
public final class Console {
    private Console() {}

    public static ConsoleWindow open(LiveView view, SessionControl control, ConsoleOptions options) {
        FxToolkit.start("the operator console");
        return FxToolkit.call(() -> new ConsoleWindow(view, control, options));
    }
}
