package org.apical.pipeline;

import org.apical.decode.Normaliser;
import org.apical.core.Frame;
import org.apical.core.Stage;

/** Raw fluorescence or counts → dF/F or z-scored rates. */
public final class NormaliseStage implements Stage {
    private final Normaliser normaliser;

    public NormaliseStage(Normaliser normaliser) { this.normaliser = normaliser; }

    @Override public void onFrame(Frame f) {
        f.nonFinite = normaliser.apply(f.raw, f.norm);
        f.normalisedNanos = System.nanoTime();
    }
}
