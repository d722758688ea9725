package org.apical;

import org.apical.config.ConfigNode;
import org.apical.config.DecoderConfig;
import org.apical.config.Definitions;
import org.apical.config.Problems;
import org.apical.config.StimulusConfig;

/** Definitions from YAML text, for tests that need a decoder or stimulus with particular settings. */
public final class TestDefinitions {
    private TestDefinitions() {}

    public static DecoderConfig decoder(String yaml) {
        Problems p = new Problems();
        DecoderConfig d = DecoderConfig.read(ConfigNode.parse(yaml, "test-decoder.yaml", p), yaml);
        p.throwIfAny();
        return d;
    }

    public static StimulusConfig stimulus(String yaml) {
        Problems p = new Problems();
        StimulusConfig s = StimulusConfig.read(ConfigNode.parse(yaml, "test-stimulus.yaml", p), yaml);
        p.throwIfAny();
        return s;
    }

    public static Definitions definitions(String rig, String decoder, String stimulus) {
        return Definitions.parse(rig, "test-rig.yaml", decoder, "test-decoder.yaml", stimulus, "test-stimulus.yaml");
    }
}
