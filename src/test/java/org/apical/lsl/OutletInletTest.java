package org.apical.lsl;

import org.apical.stream.ChannelFormat;
import org.apical.stream.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Java outlet → Java inlet over real loopback sockets, machine scope. */
class OutletInletTest {
    static final LslConfig CFG = LslConfig.machineOnly();

    static StreamInlet open(StreamOutlet out) throws Exception {
        return new StreamInlet(out.info().withV4Address("127.0.0.1"), InletOptions.defaults().withConfig(CFG));
    }

    @ParameterizedTest
    @EnumSource(ChannelFormat.class)
    void everyFormatArrivesWithValuesAndTimestamps(ChannelFormat f) throws Exception {
        int ch = 5;
        StreamInfo info = StreamInfo.create("fmt-" + f.xmlName(), "Test", ch, 100, f, "src-" + f.xmlName());
        try (StreamOutlet out = new StreamOutlet(info, 10, CFG); StreamInlet in = open(out)) {
            assertTrue(out.waitForConsumers(10));
            for (int i = 0; i < 50; i++) {
                double ts = 1000 + i * 0.01;
                if (f == ChannelFormat.STRING) {
                    String[] s = new String[ch];
                    for (int c = 0; c < ch; c++) s[c] = "s" + i + "/" + c + (i == 7 ? "x".repeat(300) : "");
                    out.pushSample(s, ts);
                } else {
                    double[] v = new double[ch];
                    for (int c = 0; c < ch; c++) v[c] = (i + 10 * c) * (c % 2 == 0 ? 1 : -1);
                    out.pushSample(v, i % 3 == 2 ? StreamOutlet.DEDUCED : ts);
                }
            }
            for (int i = 0; i < 50; i++) {
                double expectTs = 1000 + i * 0.01;
                if (f == ChannelFormat.STRING) {
                    String[] s = new String[ch];
                    double ts = in.pullSample(s, 2);
                    assertEquals(expectTs, ts, 0);
                    for (int c = 0; c < ch; c++) assertEquals("s" + i + "/" + c + (i == 7 ? "x".repeat(300) : ""), s[c]);
                } else {
                    double[] v = new double[ch];
                    double ts = in.pullSample(v, 2);
                    assertEquals(expectTs, ts, 1e-9, "sample " + i);
                    for (int c = 0; c < ch; c++) assertEquals((i + 10 * c) * (c % 2 == 0 ? 1 : -1), v[c], 0, "sample " + i + " ch " + c);
                }
            }
            double none = f == ChannelFormat.STRING ? in.pullSample(new String[ch], 0.05) : in.pullSample(new double[ch], 0.05);
            assertEquals(0.0, none, 0, "a time-out returns 0.0");
        }
    }
}
