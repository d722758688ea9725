package org.apical.pipeline;

/**
 * What an operator can do to a running session (console buttons, keyboard). Implementations hand each request to
 * the task stage, which acts on it on its next frame, so every decision still happens on the frames' clock and
 * in one thread.
 */
public interface SessionControl {
    /** Asks for one manual reward; it passes through the same safety limits and is recorded as manual. */
    void requestManualReward();

    /** Pauses trials: the current trial ends without reward and no new trial starts until resumed. */
    void pause();

    void resume();

    boolean paused();

    /** Ends the session cleanly (recording closed, valve closed). */
    void stop();
}
