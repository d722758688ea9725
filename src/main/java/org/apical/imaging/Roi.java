package org.apical.imaging;

/**
 * One region of interest: its name, its compartment ({@code soma}, {@code dendrite} or {@code roi} when not said),
 * the neuron id that pairs a soma with its dendrite (empty when none), and its pixels in reference-image coordinates
 * (x: pixel along a line, y: line).
 */
public record Roi(String name, String type, String neuron, int[] xs, int[] ys) {

    public int size() { return xs.length; }

    public double centreX() {
        double s = 0;
        for (int x : xs) s += x;
        return s / xs.length;
    }

    public double centreY() {
        double s = 0;
        for (int y : ys) s += y;
        return s / ys.length;
    }

    public Roi withRole(String newType, String newNeuron) { return new Roi(name, newType, newNeuron, xs, ys); }
}
