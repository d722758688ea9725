package org.apical.information;

/**
 * One condition's responses: {@code trials × neurons}, row-major ({@code values[trial * neurons + neuron]}).
 * A response is whatever the analysis chose (spike count in a window, mean dF/F over a window). Checked on
 * construction: sizes agree and every value is finite, so the estimators never see NaN.
 */
public record TrialMatrix(String label, int trials, int neurons, double[] values) {
    public TrialMatrix {
        if (trials < 0 || neurons <= 0) {
            throw new InformationException("condition '" + label + "': needs at least one neuron (got " + neurons
                    + " neurons, " + trials + " trials)");
        }
        if (values.length != (long) trials * neurons) {
            throw new InformationException("condition '" + label + "': " + values.length + " values is not "
                    + trials + " trials × " + neurons + " neurons");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InformationException("condition '" + label + "': trial " + (i / neurons) + ", neuron "
                        + (i % neurons) + " is " + values[i] + " (responses must be finite numbers)");
            }
        }
    }

    /** From {@code rows[trial][neuron]}; every row must have the same length. */
    public static TrialMatrix of(String label, double[][] rows) {
        if (rows.length == 0) throw new InformationException("condition '" + label + "': no trials");
        int n = rows[0].length;
        double[] v = new double[rows.length * n];
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != n) {
                throw new InformationException("condition '" + label + "': trial " + t + " has " + rows[t].length
                        + " neurons, trial 0 has " + n);
            }
            System.arraycopy(rows[t], 0, v, t * n, n);
        }
        return new TrialMatrix(label, rows.length, n, v);
    }

    public double get(int trial, int neuron) { return values[trial * neurons + neuron]; }
}
