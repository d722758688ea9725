package org.apical.ui;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import org.apical.residual.ResidualSnapshot;

/**
 * The soma–dendrite residuals per neuron, P+ on the left and P− on the right: one bar per neuron for its last judged
 * event's residual (up amplified, down attenuated, on a common scale), with its amplified/attenuated counts beneath.
 */
final class ResidualPanel extends Canvas {
    static final Color PLUS = Color.rgb(60, 200, 90);
    static final Color MINUS = Color.rgb(220, 90, 90);

    ResidualPanel(double width, double height) { super(width, height); }

    void redraw(ResidualSnapshot s) {
        GraphicsContext g = getGraphicsContext2D();
        double w = getWidth(), h = getHeight();
        g.setFill(Color.rgb(18, 18, 22));
        g.fillRect(0, 0, w, h);
        g.setFont(Font.font(11));
        if (s == null) {
            g.setFill(Color.GREY);
            g.fillText("residuals: none in this session (no soma–dendrite pairs, or residuals off)", 8, h / 2);
            return;
        }
        double scale = 1e-9;
        for (int p = 0; p < s.neurons().length; p++) {
            if (s.roles()[p] != 0 && Double.isFinite(s.lastResidual()[p])) scale = Math.max(scale, Math.abs(s.lastResidual()[p]));
        }
        group(g, s, 1, 0, w / 2, scale);
        group(g, s, -1, w / 2, w / 2, scale);
    }

    private void group(GraphicsContext g, ResidualSnapshot s, int role, double x0, double width, double scale) {
        double h = getHeight(), mid = 18 + (h - 40) / 2, half = (h - 40) / 2;
        int count = 0;
        for (int r : s.roles()) if (r == role) count++;
        g.setFill(Color.WHITE);
        g.fillText((role > 0 ? "P+" : "P−") + " residuals" + (s.fitted() ? "" : " (fitting on the baseline)"), x0 + 6, 12);
        g.setStroke(Color.rgb(80, 80, 90));
        g.strokeLine(x0 + 4, mid, x0 + width - 4, mid);
        if (count == 0) return;
        double slot = (width - 8) / count;
        int k = 0;
        for (int p = 0; p < s.neurons().length; p++) {
            if (s.roles()[p] != role) continue;
            double x = x0 + 4 + k++ * slot;
            double r = s.lastResidual()[p];
            if (Double.isFinite(r)) {
                double len = Math.abs(r) / scale * half;
                g.setFill(role > 0 ? PLUS : MINUS);
                g.fillRect(x + slot * 0.2, r >= 0 ? mid - len : mid, slot * 0.6, len);
            }
            g.setFill(Color.rgb(200, 200, 210));
            g.fillText(s.neurons()[p], x + slot * 0.2, h - 14);
            g.fillText("+" + s.amplified()[p] + "/−" + s.attenuated()[p], x + slot * 0.2, h - 2);
        }
    }
}
