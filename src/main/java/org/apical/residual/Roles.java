package org.apical.residual;

/** A neuron's causal role in the decoder: +1 P+, −1 P−, 0 not in the decoder; and the names reports use. */
public final class Roles {
    public static final int PLUS = 1;
    public static final int MINUS = -1;
    public static final int NONE = 0;

    private Roles() {}

    /** {@code plus}, {@code minus} or {@code none}, as in the JSON. */
    public static String name(int role) {
        return switch (role) {
            case PLUS -> "plus";
            case MINUS -> "minus";
            case NONE -> "none";
            default -> throw new IllegalArgumentException("role must be +1, -1 or 0, got " + role);
        };
    }

    /** {@code P+}, {@code P−} or {@code other}, as plot labels and group names. */
    public static String label(int role) {
        return switch (role) {
            case PLUS -> "P+";
            case MINUS -> "P−";
            case NONE -> "other";
            default -> throw new IllegalArgumentException("role must be +1, -1 or 0, got " + role);
        };
    }
}
