package org.apical.lsl;

import java.math.BigDecimal;
import java.math.MathContext;

/** C++ default stream formatting with precision 16 ({@code %.16g}): what liblsl's time service prints. */
final class NumberText {
    private static final MathContext SIXTEEN = new MathContext(16);

    private NumberText() {}

    static String g16(double v) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        BigDecimal bd = new BigDecimal(v).round(SIXTEEN).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 16) {
            String m = bd.movePointLeft(exp).toPlainString();
            String e = Integer.toString(Math.abs(exp));
            return m + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
        }
        return bd.toPlainString();
    }
}
