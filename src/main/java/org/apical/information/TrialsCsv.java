package org.apical.information;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain-CSV population trials, so recorded data can be analysed without any particular file format:
 * <pre>
 *   condition,trial,time_s,&lt;neuron&gt;,&lt;neuron&gt;,...
 *   hit,1,0.00,0.12,0.80,...
 *   hit,1,0.05,0.15,0.77,...
 * </pre>
 * One row per time sample of one trial; {@code time_s} is seconds from trial onset; trial identifiers are unique
 * in the file (a trial has one condition); every trial has the same sample times; the neuron columns are named
 * by the header. Rows may come in any order. Lines starting with {@code #} and blank lines are ignored. ROI
 * positions, when known, come from a second CSV {@code neuron,x_um,y_um} naming the same neurons.
 */
public final class TrialsCsv {
    private static final double TIME_TOLERANCE = 1e-6;

    private TrialsCsv() {}

    /** @param positions the positions CSV, or null */
    public static PopulationTrials read(Path file, Path positions) {
        List<String> names;
        Map<String, String> conditionOf = new LinkedHashMap<>();
        Map<String, TreeMap<Double, double[]>> samples = new LinkedHashMap<>();
        try (BufferedReader r = open(file)) {
            String line;
            int no = 0;
            List<String> header = null;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) continue;
                List<String> cells = split(line);
                if (header == null) {
                    header = cells;
                    checkHeader(file, header);
                    continue;
                }
                int n = header.size() - 3;
                if (cells.size() != header.size()) {
                    throw new InformationException(file + " line " + no + ": " + cells.size() + " columns, the header has "
                            + header.size() + " (condition, trial, time_s and " + n + " neurons)");
                }
                String cond = cells.get(0).strip(), trial = cells.get(1).strip();
                if (cond.isEmpty() || trial.isEmpty()) {
                    throw new InformationException(file + " line " + no + ": empty condition or trial");
                }
                double t = number(file, no, "time_s", cells.get(2));
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = number(file, no, header.get(3 + i), cells.get(3 + i));
                String prev = conditionOf.putIfAbsent(trial, cond);
                if (prev != null && !prev.equals(cond)) {
                    throw new InformationException(file + " line " + no + ": trial " + trial + " is condition '" + cond
                            + "' here but '" + prev + "' earlier (trial identifiers must be unique in the file)");
                }
                if (samples.computeIfAbsent(trial, k -> new TreeMap<>()).put(t, v) != null) {
                    throw new InformationException(file + " line " + no + ": trial " + trial + " has time " + t
                            + " s twice");
                }
            }
            if (header == null) throw new InformationException(file + ": empty file (no header)");
            names = header.subList(3, header.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (samples.isEmpty()) throw new InformationException(file + ": no data rows");
        int n = names.size();
        Map.Entry<String, TreeMap<Double, double[]>> first = samples.entrySet().iterator().next();
        double[] times = first.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray();
        List<Trial> trials = new ArrayList<>(samples.size());
        for (Map.Entry<String, TreeMap<Double, double[]>> e : samples.entrySet()) {
            TreeMap<Double, double[]> rows = e.getValue();
            if (rows.size() != times.length) {
                throw new InformationException(file + ": trial " + e.getKey() + " has " + rows.size()
                        + " samples, trial " + first.getKey() + " has " + times.length
                        + " (every trial needs the same sample times)");
            }
            double[] v = new double[times.length * n];
            int b = 0;
            for (Map.Entry<Double, double[]> s : rows.entrySet()) {
                if (Math.abs(s.getKey() - times[b]) > TIME_TOLERANCE) {
                    throw new InformationException(file + ": trial " + e.getKey() + " has a sample at " + s.getKey()
                            + " s where trial " + first.getKey() + " has " + times[b] + " s (every trial needs the same"
                            + " sample times)");
                }
                System.arraycopy(s.getValue(), 0, v, b * n, n);
                b++;
            }
            trials.add(new Trial(conditionOf.get(e.getKey()), e.getKey(), v));
        }
        double bin = 1.0;
        if (times.length > 1) {
            bin = Double.POSITIVE_INFINITY;
            for (int k = 1; k < times.length; k++) bin = Math.min(bin, times[k] - times[k - 1]);
        }
        RoiPositions pos = positions == null ? null : readPositions(positions, names);
        return new PopulationTrials(file.getFileName().toString(), names, times, bin, trials, pos);
    }

    private static void checkHeader(Path file, List<String> header) {
        String[] fixed = {"condition", "trial", "time_s"};
        if (header.size() < 4) {
            throw new InformationException(file + ": header must be condition,trial,time_s followed by one column per"
                    + " neuron; got " + String.join(",", header));
        }
        for (int i = 0; i < 3; i++) {
            if (!header.get(i).strip().equalsIgnoreCase(fixed[i])) {
                throw new InformationException(file + ": header column " + (i + 1) + " must be '" + fixed[i] + "', got '"
                        + header.get(i) + "'");
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 3; i < header.size(); i++) {
            String name = header.get(i).strip();
            header.set(i, name);
            if (name.isEmpty()) throw new InformationException(file + ": header column " + (i + 1) + " has no neuron name");
            Integer dup = seen.put(name, i);
            if (dup != null) {
                throw new InformationException(file + ": neuron '" + name + "' appears twice in the header (columns "
                        + (dup + 1) + " and " + (i + 1) + ")");
            }
        }
    }

    public static RoiPositions readPositions(Path file, List<String> neurons) {
        Map<String, double[]> byName = new HashMap<>();
        try (BufferedReader r = open(file)) {
            String line;
            int no = 0;
            boolean header = false;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) continue;
                List<String> c = split(line);
                if (!header) {
                    if (c.size() != 3 || !c.get(0).strip().equalsIgnoreCase("neuron")
                            || !c.get(1).strip().equalsIgnoreCase("x_um") || !c.get(2).strip().equalsIgnoreCase("y_um")) {
                        throw new InformationException(file + ": header must be neuron,x_um,y_um; got " + line);
                    }
                    header = true;
                    continue;
                }
                if (c.size() != 3) throw new InformationException(file + " line " + no + ": expected neuron,x_um,y_um");
                String name = c.get(0).strip();
                if (!neurons.contains(name)) {
                    throw new InformationException(file + " line " + no + ": neuron '" + name
                            + "' is not a column of the trials file");
                }
                if (byName.put(name, new double[] {number(file, no, "x_um", c.get(1)),
                        number(file, no, "y_um", c.get(2))}) != null) {
                    throw new InformationException(file + " line " + no + ": neuron '" + name + "' listed twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        double[] x = new double[neurons.size()], y = new double[neurons.size()];
        for (int i = 0; i < neurons.size(); i++) {
            double[] p = byName.get(neurons.get(i));
            if (p == null) throw new InformationException(file + ": no position for neuron '" + neurons.get(i) + "'");
            x[i] = p[0];
            y[i] = p[1];
        }
        return new RoiPositions(x, y);
    }

    /** Writes {@code data} in this format (and its positions next to it, if a path is given and it has them). */
    public static void write(PopulationTrials data, Path file, Path positions) {
        int n = data.neurons();
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("condition,trial,time_s");
            for (String name : data.neuronNames()) w.write("," + InformationReport.csv(name));
            w.write('\n');
            StringBuilder sb = new StringBuilder();
            for (Trial t : data.trials()) {
                for (int b = 0; b < data.bins(); b++) {
                    sb.setLength(0);
                    sb.append(InformationReport.csv(t.condition())).append(',').append(InformationReport.csv(t.id()))
                            .append(',').append(data.binStarts()[b]);
                    for (int i = 0; i < n; i++) sb.append(',').append(t.values()[b * n + i]);
                    sb.append('\n');
                    w.write(sb.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        if (positions != null && data.positions() != null) {
            try (Writer w = Files.newBufferedWriter(positions)) {
                w.write("neuron,x_um,y_um\n");
                for (int i = 0; i < n; i++) {
                    w.write(InformationReport.csv(data.neuronNames().get(i)) + "," + data.positions().xUm()[i] + ","
                            + data.positions().yUm()[i] + "\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + positions + ": " + e.getMessage(), e);
            }
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        try {
            return Files.newBufferedReader(file);
        } catch (NoSuchFileException e) {
            throw new InformationException(file + ": no such file");
        }
    }

    private static double number(Path file, int line, String column, String cell) {
        String s = cell.strip();
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InformationException(file + " line " + line + ", column '" + column + "': '" + s
                    + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InformationException(file + " line " + line + ", column '" + column + "': " + s
                    + " (values must be finite numbers; drop or interpolate missing samples first)");
        }
        return v;
    }

    /** Splits one CSV line; double-quoted cells may contain commas and doubled quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
