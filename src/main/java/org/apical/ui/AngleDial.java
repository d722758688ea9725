package org.apical.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;

/**
 * The grating's orientation as the mouse sees it (a bar through the centre, 0° vertical, clockwise positive)
 * against the target band (shaded, both ends since orientations repeat every 180°).
 */
final class AngleDial extends Canvas {
    AngleDial(double size) { super(size, size); }

    void redraw(double angle, double target, double tolerance, boolean inBand) {
        GraphicsContext g = getGraphicsContext2D();
        double s = getWidth(), c = s / 2, r = s / 2 - 6;
        g.setFill(Color.rgb(18, 18, 22));
        g.fillRect(0, 0, s, s);
        g.setStroke(Color.rgb(70, 70, 80));
        g.setLineWidth(1);
        g.strokeOval(c - r, c - r, 2 * r, 2 * r);
        if (Double.isFinite(target)) {
            g.setFill(TracePlot.BAND);
            for (double base : new double[] {target, target + 180}) {
                // JavaFX arcs: 0° = east, counter-clockwise; ours: 0° = north, clockwise
                double start = 90 - (base + tolerance);
                g.fillArc(c - r, c - r, 2 * r, 2 * r, start, 2 * tolerance, ArcType.ROUND);
            }
        }
        if (Double.isFinite(angle)) {
            double t = Math.toRadians(angle);
            double dx = r * Math.sin(t), dy = -r * Math.cos(t);
            g.setStroke(inBand ? TracePlot.PLUS : TracePlot.ANGLE);
            g.setLineWidth(4);
            g.strokeLine(c - dx, c - dy, c + dx, c + dy);
        }
    }
}
