package org.apical.residual;

import java.util.Locale;
import org.apical.config.DecoderConfig;
import org.apical.core.StreamDescription;

/**
 * The soma–dendrite pairs of a stream: each pair's soma and dendrite channel, the channel map's neuron id, and the
 * neuron's causal role in the decoder (+1 P+, −1 P−, 0 neither), taken from whether its soma or dendrite is one of
 * the decoder's ROIs.
 */
public record Pairs(int[] somas, int[] dendrites, String[] neurons, int[] roles) {

    public static Pairs of(StreamDescription stream, DecoderConfig decoder) {
        int n = stream.pairCount();
        int[] somas = n == 0 ? new int[0] : stream.pairSomas().clone();
        int[] dendrites = n == 0 ? new int[0] : stream.pairDendrites().clone();
        String[] neurons = new String[n];
        int[] roles = new int[n];
        for (int i = 0; i < n; i++) {
            neurons[i] = stream.pairNeurons() != null && stream.pairNeurons()[i] != null ? stream.pairNeurons()[i]
                    : Integer.toString(i);
            roles[i] = decoder == null ? 0 : role(decoder, somas[i], dendrites[i]);
        }
        return new Pairs(somas, dendrites, neurons, roles);
    }

    private static int role(DecoderConfig d, int soma, int dendrite) {
        for (int c : d.plus()) if (c == soma || c == dendrite) return 1;
        for (int c : d.minus()) if (c == soma || c == dendrite) return -1;
        return 0;
    }

    public int size() { return somas.length; }

    /** Pair {@code pair}'s role: {@code plus}, {@code minus} or {@code none}. */
    public String roleOf(int pair) { return roleName(roles[pair]); }

    public static String roleName(int role) { return role > 0 ? "plus" : role < 0 ? "minus" : "none"; }

    /** The marker an event is published and recorded as ({@code ApicalResidualEvents}). */
    public String marker(ResidualEvent e) {
        return String.format(Locale.ROOT, "residual_event neuron=%s role=%s soma=%.6g dendrite=%.6g predicted=%.6g"
                        + " residual=%.6g class=%s coincident=%b frame=%d", neurons[e.pair()], roleOf(e.pair()),
                e.soma(), e.dendrite(), e.predicted(), e.residual(), e.kind().label(), e.coincident(), e.frame());
    }
}
