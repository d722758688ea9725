package org.apical.reward;

/**
 * A small bounded queue of approved rewards with their valve-open times, between the deciding thread and an
 * output's own thread. Offer and poll hold a monitor for a few instructions only (no I/O, no allocation), so the
 * deciding thread never waits on the device; a full queue refuses instead of blocking.
 */
final class RequestQueue {
    private final RewardRequest[] requests;
    private final int[] openMs;
    private long head;
    private long tail;

    RequestQueue(int capacity) {
        requests = new RewardRequest[capacity];
        openMs = new int[capacity];
    }

    synchronized boolean offer(RewardRequest r, int ms) {
        if (tail - head == requests.length) return false;
        int i = (int) (tail % requests.length);
        requests[i] = r;
        openMs[i] = ms;
        tail++;
        return true;
    }

    /** Moves the oldest entry into {@code out}; false when empty. */
    synchronized boolean poll(Slot out) {
        if (head == tail) return false;
        int i = (int) (head % requests.length);
        out.request = requests[i];
        out.openMs = openMs[i];
        requests[i] = null;
        head++;
        return true;
    }

    synchronized int size() { return (int) (tail - head); }

    /** A reusable holder for one polled entry. */
    static final class Slot {
        RewardRequest request;
        int openMs;
    }
}
