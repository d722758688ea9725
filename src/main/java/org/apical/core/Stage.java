package org.apical.core;


/** One named step of the decision path. Runs on the decision thread, once per frame, in a fixed order. */
public interface Stage {
    void onFrame(Frame frame);
}
