package org.apical.ui;

import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.apical.task.TrialOutcome;

/**
 * One square per finished trial, in order, wrapping every 25: green hit, red time-out, orange floor failure, grey
 * aborted, blue ended on stale input.
 */
final class OutcomeRaster extends Canvas {
    static final Color HIT = Color.rgb(60, 200, 90);
    static final Color TIMEOUT = Color.rgb(220, 60, 60);
    static final Color FLOOR = Color.rgb(240, 150, 40);
    static final Color ABORTED = Color.rgb(120, 120, 130);
    static final Color STALE = Color.rgb(70, 120, 230);
    static final int PER_ROW = 25;

    OutcomeRaster(double width, double height) { super(width, height); }

    void redraw(List<TrialOutcome> outcomes) {
        GraphicsContext g = getGraphicsContext2D();
        g.setFill(Color.rgb(18, 18, 22));
        g.fillRect(0, 0, getWidth(), getHeight());
        double cell = Math.floor(getWidth() / PER_ROW);
        int rows = (int) (getHeight() / cell);
        int first = Math.max(0, outcomes.size() - rows * PER_ROW);
        first -= first % PER_ROW;
        for (int i = first; i < outcomes.size(); i++) {
            int k = i - first;
            g.setFill(switch (outcomes.get(i).kind()) {
                case HIT -> HIT;
                case TIMEOUT -> TIMEOUT;
                case FLOOR_FAIL -> FLOOR;
                case ABORTED -> ABORTED;
                case STALE_INPUT -> STALE;
            });
            g.fillRect((k % PER_ROW) * cell + 1, (k / PER_ROW) * cell + 1, cell - 2, cell - 2);
        }
    }
}
