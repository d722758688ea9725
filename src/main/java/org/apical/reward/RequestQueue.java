package org.apical.reward;

/**
 * A small bounded queue of approved rewards with their valve-open times, between the deciding thread and an
 * output's own thread. Offer and poll hold a monitor for a few instructions only (no I/O, no allocation), so the
 * deciding thread never waits on the device; a full queue refuses instead of blocking. Each entry remembers the
 * output's close generation when it was queued, so that rewards queued before a CLOSE can be dropped, never sent
 * after it.
 */
final class RequestQueue {
    private final RewardRequest[] requests;
    private final int[] openMs;
    private final long[] generation;
    private long head;
    private long tail;

    RequestQueue(int capacity) {
        requests = new RewardRequest[capacity];
        openMs = new int[capacity];
        generation = new long[capacity];
    }

    synchronized boolean offer(RewardRequest r, int ms, long closeGeneration) {
        if (tail - head == requests.length) return false;
        int i = (int) (tail % requests.length);
        requests[i] = r;
        openMs[i] = ms;
        generation[i] = closeGeneration;
        tail++;
        return true;
    }

    /** Moves the oldest entry into {@code out}; false when empty. */
    synchronized boolean poll(Slot out) {
        if (head == tail) return false;
        take(out);
        return true;
    }

    /** Moves the oldest entry into {@code out} if it was queued before close generation {@code current}. */
    synchronized boolean pollOlderThan(long current, Slot out) {
        if (head == tail || generation[(int) (head % requests.length)] >= current) return false;
        take(out);
        return true;
    }

    private void take(Slot out) {
        int i = (int) (head % requests.length);
        out.request = requests[i];
        out.openMs = openMs[i];
        out.generation = generation[i];
        requests[i] = null;
        head++;
    }

    synchronized int size() { return (int) (tail - head); }

    /** A reusable holder for one polled entry. */
    static final class Slot {
        RewardRequest request;
        int openMs;
        long generation;
    }
}
