package org.apical.information;

/** Each neuron's ROI centre in the imaging plane, in micrometres (index = neuron). */
public record RoiPositions(double[] xUm, double[] yUm) {
    public RoiPositions {
        if (xUm.length != yUm.length) {
            throw new InformationException("ROI positions: " + xUm.length + " x values but " + yUm.length + " y values");
        }
        for (int i = 0; i < xUm.length; i++) {
            if (!Double.isFinite(xUm[i]) || !Double.isFinite(yUm[i])) {
                throw new InformationException("ROI positions: neuron " + i + " has a non-finite position");
            }
        }
    }

    public int size() { return xUm.length; }

    public double distance(int i, int j) { return Math.hypot(xUm[i] - xUm[j], yUm[i] - yUm[j]); }
}
