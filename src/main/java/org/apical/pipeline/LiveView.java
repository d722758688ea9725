package org.apical.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import org.apical.core.Display;
import org.apical.core.TaskState;
import org.apical.core.Frame;
import org.apical.task.TrialOutcome;

/**
 * The latest state of the loop, for readers that must never slow it: the stimulus renderer and the operator
 * console. One writer (the monitor consumer) publishes under a {@link StampedLock}'s write lock; readers only ever
 * read optimistically (copy into their own {@link Snapshot}, then {@code validate}, which fences the copy's loads
 * before the re-check, and retry if a write overlapped). Readers never hold the lock, so the writer's lock is
 * always free for it and it never waits. Recent traces live in fixed rings indexed by frame number. Closed trials
 * are the session's own outcomes (the ones its summary counts), appended as the monitor hands them on.
 */
public final class LiveView {
    public static final int TRACE = 2048;

    private static final Display[] DISPLAYS = Display.values();
    private static final TaskState[] STATES = TaskState.values();

    private final StampedLock lock = new StampedLock();

    // written under lock's write lock, read optimistically
    private long frame = -1;
    private double timestamp;
    private double plus;
    private double minus;
    private double cursor;
    private double angle;
    private int display;
    private int state;
    private int trial;
    private double stateSeconds;
    private int trials;
    private int hits;
    private int rewards;
    private long arrivalNanos;
    private long publishedNanos;

    private final double[] tracePlus = new double[TRACE];
    private final double[] traceMinus = new double[TRACE];
    private final double[] traceCursor = new double[TRACE];
    private final double[] traceAngle = new double[TRACE];

    private volatile double targetAngle;
    private volatile double tolerance;
    private volatile String recording = "";
    private volatile String health = "";
    private volatile String behaviour = "";
    private volatile String imaging = "";
    private final List<TrialOutcome> closed = new ArrayList<>(); // guarded by itself: written by the view feed only

    /** A reader's copy. Reused by its owner, so reading allocates nothing. */
    public static final class Snapshot {
        public long frame = -1;
        public double timestamp, plus, minus, cursor, angle, stateSeconds;
        public Display display = Display.GREY;
        public TaskState state = TaskState.BASELINE;
        public int trial, trials, hits, rewards;
        public long arrivalNanos, publishedNanos;
        public double targetAngle, tolerance;
        public String recording = "", health = "", behaviour = "", imaging = "";
    }

    /** Called by the monitor, once per frame. */
    public void publish(Frame f, double stateSeconds, int trials, int hits, int rewards) {
        long stamp = lock.tryWriteLock();
        if (stamp == 0) return; // not possible with one writer and optimistic readers; never wait for a reader
        frame = f.sequence;
        timestamp = f.timestamp;
        plus = f.plus;
        minus = f.minus;
        cursor = f.cursor;
        angle = f.angle;
        display = f.display == null ? 0 : f.display.ordinal();
        state = f.state == null ? 0 : f.state.ordinal();
        trial = f.trial;
        this.stateSeconds = stateSeconds;
        this.trials = trials;
        this.hits = hits;
        this.rewards = rewards;
        arrivalNanos = f.arrivalNanos;
        int i = (int) (f.sequence & (TRACE - 1));
        tracePlus[i] = f.plus;
        traceMinus[i] = f.minus;
        traceCursor[i] = f.cursor;
        traceAngle[i] = f.angle;
        publishedNanos = System.nanoTime();
        lock.unlockWrite(stamp);
    }

    public void setTarget(double angle, double tolerance) {
        this.targetAngle = angle;
        this.tolerance = tolerance;
    }

    public void setRecording(String status) { recording = status; }

    private volatile org.apical.residual.ResidualSnapshot residuals;

    /** The residual stage's latest per-neuron figures (a fresh immutable snapshot a few times a second). */
    public void setResiduals(org.apical.residual.ResidualSnapshot snapshot) { residuals = snapshot; }

    /** The latest residual snapshot, or null when the session computes none. */
    public org.apical.residual.ResidualSnapshot residuals() { return residuals; }
    public void setHealth(String status) { health = status; }
    /** The light's state and the lick rate, one line (set a few times a second by the lick book). */
    public void setBehaviour(String status) { behaviour = status; }
    /** Raw frames' motion correction (frames received, the last shift), one line; empty when the input is not frames. */
    public void setImaging(String status) { imaging = status; }

    /** The input's health line as the console shows it. */
    public String health() { return health; }

    /** Appends a closed trial (from the view feed's thread, never the decision thread). */
    public void closeTrial(TrialOutcome outcome) {
        synchronized (closed) {
            closed.add(outcome);
        }
    }

    /** How many trials have closed so far. */
    public int closedTrials() {
        synchronized (closed) {
            return closed.size();
        }
    }

    /** The closed trials from index {@code from} on, oldest first (a copy: call when something new closed). */
    public List<TrialOutcome> closedTrialsFrom(int from) {
        synchronized (closed) {
            return List.copyOf(closed.subList(Math.min(from, closed.size()), closed.size()));
        }
    }

    /** Copies the latest state into {@code into}; spins only while a write is in progress (a few ns). */
    public Snapshot read(Snapshot into) {
        while (true) {
            long stamp = lock.tryOptimisticRead();
            if (stamp == 0) { // a write is in progress
                Thread.onSpinWait();
                continue;
            }
            into.frame = frame;
            into.timestamp = timestamp;
            into.plus = plus;
            into.minus = minus;
            into.cursor = cursor;
            into.angle = angle;
            into.display = DISPLAYS[display];
            into.state = STATES[state];
            into.trial = trial;
            into.stateSeconds = stateSeconds;
            into.trials = trials;
            into.hits = hits;
            into.rewards = rewards;
            into.arrivalNanos = arrivalNanos;
            into.publishedNanos = publishedNanos;
            if (lock.validate(stamp)) break;
        }
        into.targetAngle = targetAngle;
        into.tolerance = tolerance;
        into.recording = recording;
        into.health = health;
        into.behaviour = behaviour;
        into.imaging = imaging;
        return into;
    }

    /**
     * Copies the last {@code n} trace values (oldest first) ending at frame {@code last} into the arrays given.
     * Traces are not under the lock: a value being overwritten at the ring's far end is at worst one frame stale.
     */
    public int traces(long last, int n, double[] plusOut, double[] minusOut, double[] cursorOut, double[] angleOut) {
        int count = (int) Math.min(Math.min(n, TRACE - 1), last + 1);
        for (int k = 0; k < count; k++) {
            int i = (int) ((last - count + 1 + k) & (TRACE - 1));
            if (plusOut != null) plusOut[k] = tracePlus[i];
            if (minusOut != null) minusOut[k] = traceMinus[i];
            if (cursorOut != null) cursorOut[k] = traceCursor[i];
            if (angleOut != null) angleOut[k] = traceAngle[i];
        }
        return count;
    }
}
