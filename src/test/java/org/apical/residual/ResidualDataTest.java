package org.apical.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResidualDataTest {
    private static ResidualData make(double[] times, double[][] activity, int[] soma, int[] dend, String[] ids,
                                     int[] roles, List<ResidualEvent> events, double[] error) {
        return new ResidualData("rec.xdf", 10, times, activity, soma, dend, ids, roles, events, error, List.of());
    }

    private static void rejects(String fragment, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(fragment) && e.getMessage().contains("rec.xdf"), e.getMessage());
    }

    @Test
    void namesWhatIsWrong() {
        double[] t = {0, 0.1, 0.2};
        double[][] a = new double[3][4];
        int[] s = {0, 2}, d = {1, 3}, roles = {1, -1};
        String[] ids = {"a", "b"};
        double[] err = new double[3];
        assertEquals(2, make(t, a, s, d, ids, roles, List.of(), err).pairs());
        rejects("activity has 2 rows", () -> make(t, new double[2][4], s, d, ids, roles, List.of(), err));
        rejects("per-pair arrays differ", () -> make(t, a, s, d, new String[] {"a"}, roles, List.of(), err));
        rejects("names channels 0/7", () -> make(t, a, new int[] {0, 2}, new int[] {7, 3}, ids, roles, List.of(), err));
        rejects("role 2", () -> make(t, a, s, d, ids, new int[] {2, 0}, List.of(), err));
        rejects("errorDeg has 2", () -> make(t, a, s, d, ids, roles, List.of(), new double[2]));
        rejects("frame 5 of 3", () -> make(t, a, s, d, ids, roles, List.of(new ResidualEvent(0, 5, 0, 1, 1, 1, 0)), err));
        rejects("frameTimes must increase", () -> make(new double[] {0, 0, 1}, a, s, d, ids, roles, List.of(), err));
    }
}
