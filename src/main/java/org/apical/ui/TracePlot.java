package org.apical.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * The live traces, newest on the right: P+ and P− activity (top), the cursor (middle), and the angle against the
 * target band (bottom). Arrays are sized once; each redraw copies the latest {@code n} frames out of the LiveView.
 */
final class TracePlot extends Canvas {
    static final Color PLUS = Color.rgb(60, 220, 90);
    static final Color MINUS = Color.rgb(230, 70, 200);
    static final Color CURSOR = Color.rgb(250, 210, 40);
    static final Color ANGLE = Color.rgb(90, 170, 255);
    static final Color BAND = Color.rgb(90, 170, 255, 0.25);
    private static final Color BACKGROUND = Color.rgb(18, 18, 22);

    private final double[] plus, minus, cursor, angle;
    private final double minAngle, maxAngle;
    private final Font font = Font.font(11);
    private int count;

    TracePlot(int frames, double width, double height, double minAngle, double maxAngle) {
        super(width, height);
        plus = new double[frames];
        minus = new double[frames];
        cursor = new double[frames];
        angle = new double[frames];
        this.minAngle = minAngle;
        this.maxAngle = maxAngle;
    }

    double[] plus() { return plus; }
    double[] minus() { return minus; }
    double[] cursor() { return cursor; }
    double[] angle() { return angle; }
    int capacity() { return plus.length; }
    void setCount(int n) { count = n; }

    void redraw(double target, double tolerance) {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth(), h = getHeight();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, w, h);
        double ph = (h - 20) / 3;
        g.setFont(font);
        panel(g, 0, ph, w, "P+ / P−");
        panel(g, ph + 10, ph, w, "cursor");
        panel(g, 2 * ph + 20, ph, w, "angle");
        if (count < 2) return;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (Double.isFinite(plus[i])) { lo = Math.min(lo, plus[i]); hi = Math.max(hi, plus[i]); }
            if (Double.isFinite(minus[i])) { lo = Math.min(lo, minus[i]); hi = Math.max(hi, minus[i]); }
        }
        line(g, plus, 0, ph, w, lo, hi, PLUS);
        line(g, minus, 0, ph, w, lo, hi, MINUS);
        double clo = Double.POSITIVE_INFINITY, chi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (Double.isFinite(cursor[i])) { clo = Math.min(clo, cursor[i]); chi = Math.max(chi, cursor[i]); }
        }
        line(g, cursor, ph + 10, ph, w, Math.min(clo, 0), Math.max(chi, 1), CURSOR);
        double top = 2 * ph + 20;
        if (Double.isFinite(target) && tolerance > 0) {
            double y1 = y(target + tolerance, top, ph, minAngle, maxAngle), y0 = y(target - tolerance, top, ph, minAngle, maxAngle);
            g.setFill(BAND);
            g.fillRect(0, Math.min(y0, y1), w, Math.max(1, Math.abs(y0 - y1)));
        }
        line(g, angle, top, ph, w, minAngle, maxAngle, ANGLE);
    }

    private void panel(GraphicsContext g, double top, double height, double w, String label) {
        g.setStroke(Color.rgb(60, 60, 70));
        g.strokeRect(0.5, top + 0.5, w - 1, height - 1);
        g.setFill(Color.rgb(160, 160, 170));
        g.fillText(label, 6, top + 13);
    }

    private void line(GraphicsContext g, double[] v, double top, double height, double w, double lo, double hi, Color c) {
        if (!(hi > lo)) { hi = lo + 1; lo -= 1; }
        g.setStroke(c);
        g.setLineWidth(1.5);
        g.beginPath();
        boolean pen = false;
        double step = w / (capacity() - 1);
        double x0 = w - (count - 1) * step;
        for (int i = 0; i < count; i++) {
            if (!Double.isFinite(v[i])) { pen = false; continue; }
            double x = x0 + i * step, y = y(v[i], top, height, lo, hi);
            if (pen) g.lineTo(x, y); else g.moveTo(x, y);
            pen = true;
        }
        g.stroke();
    }

    private static double y(double v, double top, double height, double lo, double hi) {
        double f = (v - lo) / (hi - lo);
        return top + height - 4 - Math.clamp(f, 0, 1) * (height - 8);
    }
}
