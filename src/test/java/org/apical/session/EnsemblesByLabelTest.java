package org.apical.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ensembles named by the stream's channel labels run the same session as the same ROIs by index. */
class EnsemblesByLabelTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @Test
    void aDecoderByLabelsDecidesAsTheSameDecoderByIndices(@TempDir Path dir) throws Exception {
        Path labels = dir.resolve("labels.yaml");
        Files.writeString(labels, Files.readString(ROOT.resolve("decoders/default.yaml"))
                .replace("plus: [0, 1, 2, 3, 4]", "plus: [soma-0, soma-1, soma-2, soma-3, soma-4]")
                .replace("minus: [5, 6, 7, 8, 9]", "minus: [soma-5, soma-6, soma-7, soma-8, soma-9]"));
        JsonNode byIndex = demo("decoders/default.yaml");
        JsonNode byLabel = demo(labels.toString());
        for (String f : new String[] {"frames", "trials", "hits", "rewards", "hit_rate_last_third"}) {
            assertEquals(byIndex.get(f), byLabel.get(f), f);
        }
        assertTrue(byIndex.get("trials").asInt() > 5);

        Path wrong = dir.resolve("wrong.yaml");
        Files.writeString(wrong, Files.readString(labels).replace("soma-9]", "soma-99]"));
        CommandRun r = CommandRun.of("demo", "--speed", "max", "--in-process", "--no-record", "--duration", "10",
                "--decoder", wrong.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(wrong + ": ensembles.minus[4]: no channel labelled 'soma-99' in stream 'ApicalSim'"),
                r.err());
    }

    private static JsonNode demo(String decoder) throws Exception {
        CommandRun r = CommandRun.of("demo", "--speed", "max", "--in-process", "--no-record", "--quiet", "--seed", "4",
                "--duration", "120", "--decoder", decoder, "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        return r.json();
    }
}
