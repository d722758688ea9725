package org.apical.information;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apical.sim.CoupledPopulation;
import org.apical.sim.CoupledSession;
import org.apical.sim.CoupledSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialsCsvTest {
    @TempDir Path dir;

    @Test
    void writtenTrialsReadBackExactlyWithPositions() {
        PopulationTrials sim = CoupledSession.simulate("sim", CoupledPopulation.of(CoupledSpec.defaults(6, 1)), 5, 1,
                0.05, 0.2, 0.1, 3);
        Path csv = dir.resolve("t.csv"), pos = dir.resolve("p.csv");
        TrialsCsv.write(sim, csv, pos);
        PopulationTrials back = TrialsCsv.read(csv, pos);
        assertEquals(sim.neuronNames(), back.neuronNames());
        assertArrayEquals(sim.binStarts(), back.binStarts(), 1e-12);
        assertEquals(0.05, back.binSeconds(), 1e-12);
        assertEquals(sim.trials().size(), back.trials().size());
        for (int k = 0; k < sim.trials().size(); k++) {
            assertEquals(sim.trials().get(k).condition(), back.trials().get(k).condition());
            assertArrayEquals(sim.trials().get(k).values(), back.trials().get(k).values(), 0.0);
        }
        assertArrayEquals(sim.positions().xUm(), back.positions().xUm(), 0.0);
    }

    @Test
    void rowsMayComeInAnyOrder() throws IOException {
        Path f = write("condition,trial,time_s,a,b\n# comment\nhit,2,0.1,5,6\nhit,1,0.1,1,2\nmiss,3,0.0,9,9\n"
                + "hit,1,0.0,3,4\n\nhit,2,0.0,7,8\nmiss,3,0.1,0,0\n");
        PopulationTrials t = TrialsCsv.read(f, null);
        assertEquals(3, t.trials().size());
        assertEquals("2", t.trials().getFirst().id());
        assertArrayEquals(new double[] {7, 8, 5, 6}, t.trials().getFirst().values(), 0.0);
        assertEquals(2, t.conditions().get("hit"));
    }

    @Test
    void badFilesGiveErrorsNamingFileLineAndColumn() throws IOException {
        expect("condition,trial,time,a\nA,1,0,1\n", "header column 3 must be 'time_s'");
        expect("condition,trial,time_s,a,a\nA,1,0,1,2\n", "neuron 'a' appears twice");
        expect("condition,trial,time_s,a,b\nA,1,0,1\n", "line 2: 4 columns, the header has 5");
        expect("condition,trial,time_s,a,b\nA,1,0,1,x\n", "line 2, column 'b': 'x' is not a number");
        expect("condition,trial,time_s,a,b\nA,1,0,1,NaN\n", "line 2, column 'b': NaN");
        expect("condition,trial,time_s,a\nA,1,0,1\nB,1,0.1,2\n", "trial 1 is condition 'B' here but 'A' earlier");
        expect("condition,trial,time_s,a\nA,1,0,1\nA,1,0.1,1\nB,2,0,1\nB,2,0.2,1\n", "trial 2 has a sample at 0.2 s");
        expect("condition,trial,time_s,a\nA,1,0,1\nA,1,0.1,1\nB,2,0,1\n", "trial 2 has 1 samples");
        expect("condition,trial,time_s,a\n", "no data rows");
        InformationException missing = assertThrows(InformationException.class,
                () -> TrialsCsv.read(dir.resolve("nope.csv"), null));
        assertTrue(missing.getMessage().contains("nope.csv: no such file"));
    }

    @Test
    void positionsMustCoverEveryNeuron() throws IOException {
        Path f = write("condition,trial,time_s,a,b\nA,1,0,1,2\n");
        Path p = dir.resolve("p.csv");
        Files.writeString(p, "neuron,x_um,y_um\na,1,2\n");
        InformationException e = assertThrows(InformationException.class, () -> TrialsCsv.read(f, p));
        assertTrue(e.getMessage().contains("no position for neuron 'b'"), e.getMessage());
        Files.writeString(p, "neuron,x_um,y_um\na,1,2\nb,3,4\nc,5,6\n");
        e = assertThrows(InformationException.class, () -> TrialsCsv.read(f, p));
        assertTrue(e.getMessage().contains("line 4: neuron 'c' is not a column"), e.getMessage());
    }

    private void expect(String content, String message) throws IOException {
        Path f = write(content);
        InformationException e = assertThrows(InformationException.class, () -> TrialsCsv.read(f, null));
        assertTrue(e.getMessage().contains(message), "expected '" + message + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    private Path write(String content) throws IOException {
        Path f = Files.createTempFile(dir, "trials", ".csv");
        Files.writeString(f, content);
        return f;
    }
}
