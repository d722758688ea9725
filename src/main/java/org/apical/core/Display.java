package org.apical.core;

/** What the stimulus screen should show on a frame. The target is never drawn for the animal. */
public enum Display {
    GREY, BLACK, GRATING
}
