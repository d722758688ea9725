package org.apical.stimulus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apical.core.Display;
import org.apical.core.TaskState;
import org.junit.jupiter.api.Test;

class DisplayRuleTest {
    private static DisplayRule rule(String iti, String timeout) {
        return new DisplayRule(TestStimuli.stimulus("angles: {start: 30, target: 120}\niti_display: " + iti
                + "\ntimeout_display: " + timeout + "\n"));
    }

    private static String show(DisplayRule r, long frame, TaskState s, Display d, double angle) {
        DisplayRule.Shown out = r.resolve(frame, s, d, angle, new DisplayRule.Shown());
        return out.display + (out.display == Display.GRATING ? "@" + out.angle + (out.drifting ? " drifting" : " static") : "");
    }

    @Test
    void table() {
        DisplayRule grey = rule("grey", "black"), stat = rule("static", "grey");
        // frame, state, published display, angle → shown
        assertEquals("GREY", show(grey, -1, TaskState.BASELINE, Display.GREY, Double.NaN));
        assertEquals("GRATING@30.0 static", show(stat, -1, TaskState.BASELINE, Display.GREY, Double.NaN));
        assertEquals("GREY", show(grey, 5, TaskState.ITI, Display.GRATING, 120));
        assertEquals("GRATING@30.0 static", show(stat, 5, TaskState.ITI, Display.GRATING, 120));
        assertEquals("BLACK", show(grey, 5, TaskState.TIMEOUT, Display.GRATING, 77));
        assertEquals("GREY", show(stat, 5, TaskState.TIMEOUT, Display.BLACK, 77));
        assertEquals("GRATING@77.0 drifting", show(grey, 5, TaskState.TRIAL, Display.GRATING, 77));
        assertEquals("GRATING@120.0 drifting", show(grey, 5, TaskState.HIT, Display.GRATING, 120));
        assertEquals("GREY", show(grey, 5, TaskState.LEAD, Display.GREY, 30));
        assertEquals("GRATING@0.0 drifting", show(grey, 5, TaskState.FLOOR_FAIL, Display.GRATING, 0));
        assertEquals("GREY", show(grey, 5, TaskState.TRIAL, Display.GRATING, Double.NaN));
    }
}
