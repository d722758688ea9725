package org.apical.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.List;
import org.apical.lsl.FuzzTest;
import org.apical.reward.RewardWatchdog;
import org.apical.session.Session;
import org.apical.sim.Pacer;
import org.apical.sim.SimulatedRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of the shipped definitions (rig, decoder, stimulus), loaded together: every one either loads or is
 * refused with a {@link ConfigException} naming a file, never another exception, and none allocates without bound.
 * {@code -Dapical.fuzz.iterations=100000} runs the long campaign; the seed of a failing input is in the message.
 */
class DefinitionsFuzzTest {
    static final int ITERATIONS = Integer.getInteger("apical.fuzz.iterations", 2000);
    /** A definition of a few hundred bytes has no business allocating more than this to be read. */
    static final long MAX_ALLOCATED = 64L << 20;
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final String[] YAML_TOKENS = {":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "<<: *a", "!!binary ",
            "!!str ", "!!int ", "!!float ", "!!map ", "? ", "|", ">", "#", "'", "\"", "\\u0000", "\t", "\n", "\n  ", "~",
            "null", "true", "yes", ".inf", "-.inf", ".nan", "1e400", "-1", "0", "99999999999", "2000000000 frames",
            "0 s", "-5 ms", "1e308 s", "%YAML 1.2\n", "---\n", "...\n", "target: 45\n", "mapping: {mode: velocity}\n",
            "plus: [0, 0]", "\uFEFF", "\u00e9", "\uFFFF"};

    @TempDir Path dir;

    @Test
    void mutatedDefinitionsLoadOrAreRefusedByName() throws Exception {
        String[][] sets = {
                {"rigs/sim.yaml", "decoders/default.yaml", "stimuli/grating.yaml"},
                {"rigs/sim.yaml", "decoders/reference-7step.yaml", "stimuli/reference.yaml"},
                {"rigs/serial-valve.yaml", "decoders/default.yaml", "stimuli/grating.yaml"},
                {"rigs/sim-spikes.yaml", "decoders/default.yaml", "stimuli/reference.yaml"}};
        byte[][][] base = new byte[sets.length][3][];
        for (int i = 0; i < sets.length; i++) {
            for (int f = 0; f < 3; f++) base[i][f] = Files.readAllBytes(ROOT.resolve(sets[i][f]));
        }
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        int loaded = 0, refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            SplittableRandom rnd = new SplittableRandom(7_000_003L * i + 11);
            int set = rnd.nextInt(sets.length), which = rnd.nextInt(3);
            byte[][] files = base[set].clone();
            files[which] = FuzzTest.mutate(files[which], rnd, YAML_TOKENS);
            boolean fromFiles = i % 8 == 0; // a part goes through the files, where an empty or binary file is refused
            long before = mx.getThreadAllocatedBytes(thread);
            try {
                Definitions defs;
                if (fromFiles) {
                    Path r = Files.write(dir.resolve("rig.yaml"), files[0]);
                    Path d = Files.write(dir.resolve("decoder.yaml"), files[1]);
                    Path s = Files.write(dir.resolve("stimulus.yaml"), files[2]);
                    defs = Definitions.load(r, d, s);
                } else {
                    defs = Definitions.parse(text(files[0]), "rig.yaml", text(files[1]), "decoder.yaml",
                            text(files[2]), "stimulus.yaml");
                }
                if (defs.rig().input().simulated() && i % 4 == 1) startsAsChecked(defs);
                loaded++;
            } catch (ConfigException refusal) {
                String m = refusal.getMessage();
                assertTrue(m != null && (m.contains("rig.yaml") || m.contains("decoder.yaml")
                        || m.contains("stimulus.yaml")), "iteration " + i + ": a refusal names no file: " + m);
                assertFalse(m.contains("Exception") || m.contains("\tat "),
                        "iteration " + i + ": a refusal reads like a crash: " + m);
                refused++;
            } catch (Throwable t) {
                fail("iteration " + i + " (set " + set + ", file " + which + ") threw " + t + "\n--- input:\n"
                        + text(files[which]), t);
            }
            long allocated = mx.getThreadAllocatedBytes(thread) - before;
            assertTrue(allocated < MAX_ALLOCATED, "iteration " + i + " allocated " + (allocated >> 20) + " MB");
        }
        assertTrue(loaded > 0 && refused > 0, "the mutations reach both outcomes (" + loaded + " loaded, "
                + refused + " refused)");
    }

    /** Valid means it starts: the session on the simulated rig is built (its windows allocated) and its watchdog armed. */
    private static void startsAsChecked(Definitions defs) {
        SimulatedRig rig = new SimulatedRig(defs.rig().sim(), defs.rig().input().spikes(),
                new Pacer(Double.POSITIVE_INFINITY), 1, 0);
        new Session(defs, rig, List.of(), null);
        long stall = RewardWatchdog.stallNanos(defs.rig().reward().stallTimeout(), rig.description().nominalRate());
        assertTrue(stall > 0, "a watchdog of " + stall + " ns");
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
