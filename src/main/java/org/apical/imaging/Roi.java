package org.apical.imaging;

/**
 * One region of interest: its name, its compartment ({@code soma}, {@code dendrite} or {@code roi} when not said),
 * the neuron id that pairs a soma with its dendrite (empty when none), its pixels in reference-image coordinates
 * (x: pixel along a line, y: line) and the imaging plane it is drawn on (0 with one plane).
 */
public record Roi(String name, String type, String neuron, int[] xs, int[] ys, int plane) {

    /** A ROI of plane 0. */
    public Roi(String name, String type, String neuron, int[] xs, int[] ys) { this(name, type, neuron, xs, ys, 0); }

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

    public Roi withRole(String newType, String newNeuron) { return new Roi(name, newType, newNeuron, xs, ys, plane); }

    public Roi onPlane(int p, String newName) { return new Roi(newName, type, neuron, xs, ys, p); }
}
