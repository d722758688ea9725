package org.apical.reward;

import static org.apical.reward.SerialRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apical.config.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog reading the pipeline's own frame stamp: armed by frames, tripped by a stall, quiet when paused. */
class RewardWatchdogTest {

    /** A pipeline that stamps a frame every 2 ms while running. */
    private static Thread frames(AtomicLong stamp, AtomicBoolean running) {
        return Thread.ofPlatform().daemon(true).start(() -> {
            while (running.get()) {
                stamp.set(System.nanoTime());
                LockSupport.parkNanos(2_000_000);
            }
        });
    }

    @Test void stallsTripAndFramesResumeWhilePausesAndStartupDoNot() throws Exception {
        AtomicLong stamp = new AtomicLong();
        RewardGate gate = new RewardGate(Duration.ZERO, 100);
        try (RewardWatchdog dog = new RewardWatchdog(gate, List.of(new SimulatedRewardOutput()), 60_000_000L,
                stamp::get).start()) {
            Thread.sleep(150);
            assertEquals(RewardWatchdog.Trip.NONE, dog.tripped(), "no frame yet: not armed");

            AtomicBoolean running = new AtomicBoolean(true);
            Thread pipeline = frames(stamp, running);
            Thread.sleep(100);
            running.set(false);
            pipeline.join();
            await("the stall to trip", 2_000, () -> dog.tripped() == RewardWatchdog.Trip.PIPELINE_STALLED);
            assertFalse(gate.approve(1, false, 0, 0.0));
            assertTrue(dog.lastTrip().startsWith("pipeline stalled: no frame for "), dog.lastTrip());

            running.set(true);
            pipeline = frames(stamp, running);
            await("frames to re-enable rewarding", 2_000, () -> dog.tripped() == RewardWatchdog.Trip.NONE);
            assertTrue(gate.approve(1, false, 0, 0.0));
            running.set(false);
            pipeline.join();
            dog.pause(); // end of stream: the silence that follows is not a stall
            Thread.sleep(200);
            assertEquals(RewardWatchdog.Trip.NONE, dog.tripped());
            assertEquals(1, dog.trips());

            dog.heartbeat(); // a new frame arms it again
            await("a stall after the pause", 2_000, () -> dog.tripped() == RewardWatchdog.Trip.PIPELINE_STALLED);
            assertEquals(2, dog.trips());
        }
    }

    @Test void stallTimeoutInFramesUsesTheFrameRate() {
        assertEquals(500_000_000L, RewardWatchdog.stallNanos(Duration.frames(15), 30));
        assertEquals(250_000_000L, RewardWatchdog.stallNanos(Duration.seconds(0.25), 30));
    }
}
