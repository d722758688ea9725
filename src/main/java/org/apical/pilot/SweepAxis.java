package org.apical.pilot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apical.core.UserException;

/**
 * One parameter of a sweep, from {@code --sweep field=a:b:step}, {@code --sweep field=v1,v2,...} or, for an
 * ensemble, {@code --sweep ensembles.plus=[0,1,2],[3,4,5]} (ROI indices or channel labels). Values are numbers
 * ({@link Double}) or candidate lists ({@link List}).
 */
public record SweepAxis(String field, List<Object> values) {

    public static SweepAxis parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new UserException("--sweep '" + spec + "': write field=a:b:step, field=v1,v2 or"
                    + " ensembles.plus=[0,1],[2,3]");
        }
        String field = spec.substring(0, eq).trim();
        String rhs = spec.substring(eq + 1).trim();
        List<Object> values = new ArrayList<>();
        if (rhs.startsWith("[")) {
            for (String group : rhs.split("\\]\\s*,?\\s*")) {
                String g = group.trim();
                if (g.isEmpty()) continue;
                if (!g.startsWith("[")) throw bad(spec, "candidate lists look like [0,1,2],[3,4,5]");
                List<Object> members = new ArrayList<>();
                for (String m : g.substring(1).split(",")) {
                    String t = m.trim();
                    if (t.isEmpty()) continue;
                    members.add(t.matches("-?\\d+") ? (Object) Integer.valueOf(t) : t);
                }
                if (members.isEmpty()) throw bad(spec, "an empty candidate list");
                values.add(members);
            }
        } else if (rhs.contains(":")) {
            String[] p = rhs.split(":");
            if (p.length != 3) throw bad(spec, "a range is from:to:step, e.g. 0.5:2:0.25");
            double a = number(spec, p[0]), b = number(spec, p[1]), step = number(spec, p[2]);
            if (!(step > 0)) throw bad(spec, "the step must be above 0, found " + p[2]);
            if (b < a) throw bad(spec, "the range ends below its start");
            long n = (long) Math.floor((b - a) / step + 1e-9) + 1;
            if (n > 100_000) throw bad(spec, n + " values; at most 100,000");
            // rounded to 12 significant digits so 0.1 + 2·0.1 is written 0.3 in the decoder and the report
            for (long i = 0; i < n; i++) values.add(Double.parseDouble(String.format(Locale.ROOT, "%.12g", a + i * step)));
        } else {
            for (String v : rhs.split(",")) values.add(number(spec, v));
        }
        if (values.isEmpty()) throw bad(spec, "no values");
        return new SweepAxis(field, List.copyOf(values));
    }

    private static double number(String spec, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw bad(spec, "'" + text.trim() + "' is not a number");
        }
    }

    private static UserException bad(String spec, String why) {
        return new UserException("--sweep '" + spec + "': " + why);
    }

    /** How a value is written in tables and CSV: 0.5, 3, [0 1 2]. */
    public static String text(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : l) b.append(b.length() > 1 ? " " : "").append(o);
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
