package org.apical.pipeline;

import org.apical.decode.EnsembleDecoder;
import org.apical.core.Frame;
import org.apical.core.Stage;

/** dF/F of P+ and P− → cursor → the angle the decoder asks for. */
public final class DecodeStage implements Stage {
    private final EnsembleDecoder decoder;

    public DecodeStage(EnsembleDecoder decoder) { this.decoder = decoder; }

    @Override public void onFrame(Frame f) {
        decoder.decode(f);
        f.decodedNanos = System.nanoTime();
    }
}
