package org.apical.reward;

import static org.apical.reward.SerialRig.await;
import static org.apical.reward.SerialRig.reward;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The serial valve driver against the emulated controller on a real pty pair. */
class SerialValveOutputTest {

    @Test void normalRewardsAreSentOnceEachAndAcknowledged() throws Exception {
        // Patient timeouts: "no ACK missed" must not depend on how busy the machine is.
        try (SerialRig rig = SerialRig.start(500);
             SerialValveOutput valve = SerialValveOutput.open(SerialRig.patientSpec(rig.pty.hostEnd(), 1_000),
                     SerialRig.ONE_UL_PER_MS, 250)) {
            for (int t = 1; t <= 4; t++) valve.deliver(reward(t, 8));
            await("4 acknowledged rewards", 10_000, () -> valve.delivered() == 4);
            List<ValveEmulator.Pulse> pulses = rig.device.pulses();
            assertEquals(4, pulses.size());
            long previous = 0;
            for (ValveEmulator.Pulse p : pulses) {
                assertEquals(8, p.ms, "4 µl... 8 µl at 1 µl/ms is 8 ms");
                assertEquals(0, p.valve);
                assertTrue(p.id > previous, "ids increase");
                previous = p.id;
            }
            for (int i = 1; i < pulses.size(); i++) {
                assertTrue(pulses.get(i).openedNanos >= pulses.get(i - 1).closedNanos,
                        "the next pulse starts only after the previous one ended");
            }
            SerialValveStats s = valve.stats();
            assertEquals(4, s.sent());
            assertEquals(0, s.failed());
            assertEquals(0, s.unacknowledged());
            assertEquals(4, valve.decisionToAck().count());
            assertEquals(4, valve.decisionToWritten().count());
            assertEquals(List.of(), rig.device.violations());
            assertTrue(valve.healthy());
        }
    }

    @Test void openTimeIsClampedToTheRigsMaximum() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(30)) {
            valve.deliver(reward(1, 900));
            await("the clamped reward", 10_000, () -> valve.delivered() == 1);
            assertEquals(30, rig.device.pulses().getFirst().ms);
            assertEquals(1, valve.stats().clampedByLimit());
        }
    }

    @Test void theDevicesOwnLimitIsReportedWhenItShortensAPulse() throws Exception {
        try (SerialRig rig = SerialRig.start(20); SerialValveOutput valve = rig.open(250)) {
            valve.deliver(reward(1, 60));
            await("the shortened reward", 10_000, () -> valve.delivered() == 1);
            assertEquals(1, valve.stats().clampedByDevice());
            assertTrue(valve.lastError().contains("from 60 ms to 20 ms"), valve.lastError());
        }
    }

    @Test void aMissingAcknowledgementIsAnErrorAndTheStatusSettlesIt() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            rig.device.openReply = ValveEmulator.OpenReply.SILENT;
            valve.deliver(reward(1, 5));
            await("the status answer", 10_000, () -> valve.settled() == 1);
            SerialValveStats s = valve.stats();
            assertEquals(1, s.unacknowledged());
            assertEquals(1, s.delivered(), "the device reports it took the id and opened the valve");
            assertEquals(1, rig.commands("OPEN"), "the OPEN was never resent");
            assertTrue(rig.commands("STATUS") >= 1);
            assertTrue(s.errors() >= 2);
            assertTrue(valve.lastError().contains("acknowledgement lost"), valve.lastError());
            assertEquals(1, rig.device.pulses().size(), "one reward, not two");
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void aCommandThatNeverArrivedIsFailedNotResent() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            rig.device.openReply = ValveEmulator.OpenReply.LOST;
            valve.deliver(reward(1, 5));
            await("the status answer", 10_000, () -> valve.settled() == 1);
            assertEquals(0, valve.delivered());
            assertEquals(1, valve.stats().failed());
            assertTrue(valve.lastError().contains("never reached the device"), valve.lastError());
            assertEquals(1, rig.commands("OPEN"));
            assertEquals(0, rig.device.pulses().size());
            rig.device.openReply = ValveEmulator.OpenReply.ACK;
            valve.deliver(reward(2, 5));
            await("the next reward", 10_000, () -> valve.delivered() == 1);
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void aGarbledReplyIsShownAndNeverDoublesTheReward() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            rig.device.openReply = ValveEmulator.OpenReply.GARBLED;
            valve.deliver(reward(1, 5));
            await("the status answer", 10_000, () -> valve.settled() == 1);
            SerialValveStats s = valve.stats();
            assertEquals(1, s.garbled());
            assertEquals(1, s.delivered());
            assertEquals(1, rig.commands("OPEN"));
            assertEquals(1, rig.device.pulses().size());
            assertTrue(valve.healthy(), "one bad line does not make the device unhealthy");
        }
    }

    @Test void theDeviceDisappearingMidSessionIsSeenAndRewardsStop() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            valve.deliver(reward(1, 5));
            await("the first reward", 10_000, () -> valve.delivered() == 1);
            RewardGate gate = new RewardGate(org.apical.config.Duration.ZERO, 100);
            try (RewardWatchdog dog = new RewardWatchdog(gate, List.of(valve), 1_000_000_000L).start()) {
                rig.pty.close(); // the cable is pulled
                await("the output to notice", 10_000, () -> !valve.healthy());
                assertTrue(valve.lastError().contains(rig.pty.hostEnd()), valve.lastError());
                await("the watchdog to stop rewarding", 10_000,
                        () -> dog.tripped() == RewardWatchdog.Trip.OUTPUT_UNHEALTHY);
                assertFalse(gate.approve(2, false, 200, 2.0));
                assertEquals(RewardGate.Refusal.DISABLED, gate.lastRefusal());
                valve.deliver(reward(2, 5));
                await("the undeliverable reward to be counted", 10_000, () -> valve.stats().failed() == 1);
                assertEquals(1, valve.delivered());
            }
        }
    }

    @Test void aDeviceThatStopsAnsweringHeartbeatsTripsTheWatchdogUntilItAnswersAgain() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            RewardGate gate = new RewardGate(org.apical.config.Duration.ZERO, 100);
            try (RewardWatchdog dog = new RewardWatchdog(gate, List.of(valve), 1_000_000_000L).start()) {
                rig.device.answerPings = false;
                await("the output to give up on the device", 10_000, () -> !valve.healthy());
                assertTrue(valve.stats().missedHeartbeats() >= 3);
                await("the watchdog", 10_000, () -> dog.tripped() == RewardWatchdog.Trip.OUTPUT_UNHEALTHY);
                await("the watchdog's CLOSE at the device", 10_000, () -> rig.device.closes() >= 1);
                assertFalse(gate.approve(1, false, 0, 0.0));
                rig.device.answerPings = true;
                await("the device to count as back", 10_000, valve::healthy);
                await("rewarding to resume", 10_000, () -> dog.tripped() == RewardWatchdog.Trip.NONE);
                assertTrue(gate.approve(1, false, 0, 0.0));
                assertEquals(1, dog.trips());
            }
        }
    }

    @Test void aStalledPipelineClosesTheOpenValveAndStopsRewarding() throws Exception {
        try (SerialRig rig = SerialRig.start(2_000); SerialValveOutput valve = rig.open(2_000)) {
            RewardGate gate = new RewardGate(org.apical.config.Duration.ZERO, 100);
            // The watchdog's clock is the test's: the stall is a step of it, so no frame gap of a busy machine
            // can trip it early; the CLOSE it sends is real.
            java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);
            java.util.concurrent.atomic.AtomicLong lastFrame = new java.util.concurrent.atomic.AtomicLong();
            try (RewardWatchdog dog = new RewardWatchdog(gate, List.of(valve), 300_000_000L, lastFrame::get,
                    clock::get).start()) {
                lastFrame.set(clock.get()); // frames flowing
                valve.deliver(reward(1, 1_500));
                await("the valve to open", 10_000, rig.device::valveOpen);
                assertEquals(0, dog.trips(), "frames flowing: no trip");
                clock.addAndGet(300_000_001L); // the pipeline stalls with the valve open
                await("the watchdog", 10_000, () -> dog.tripped() == RewardWatchdog.Trip.PIPELINE_STALLED);
                await("the valve to be closed early", 10_000, () -> !rig.device.valveOpen());
                ValveEmulator.Pulse p = rig.device.pulses().getFirst();
                assertTrue(p.closedByCommand, "closed by CLOSE, not by the end of its 1.5 s");
                assertFalse(gate.approve(2, false, 10, 1.0));
                assertEquals(RewardGate.Refusal.DISABLED, gate.lastRefusal());
                assertNotNull(dog.lastTrip());
                assertTrue(dog.lastTrip().contains("pipeline stalled"), dog.lastTrip());
                lastFrame.set(clock.get());
                await("rewarding to resume with the frames", 10_000, () -> dog.tripped() == RewardWatchdog.Trip.NONE);
                assertTrue(gate.approve(2, false, 10, 1.0));
                assertEquals(1, dog.trips());
            }
        }
    }

    @Test void aDeviceRestartMidSessionIsReportedAndRewardsContinue() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            valve.deliver(reward(1, 5));
            await("the first reward", 10_000, () -> valve.delivered() == 1);
            assertEquals(250, rig.device.limitMs());
            rig.device.restart(); // it forgets the bound it was told
            await("the restart to be noticed", 10_000,
                    () -> valve.lastError() != null && valve.lastError().contains("restarted"));
            await("the restarted controller to be told the bound again", 10_000, () -> rig.device.limits() == 2);
            assertEquals(250, rig.device.limitMs());
            valve.deliver(reward(2, 5));
            await("a reward after the restart", 10_000, () -> valve.delivered() == 2);
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void aRewardDecidedTooLongAgoIsDroppedNotSent() throws Exception {
        try (SerialRig rig = SerialRig.start(500); SerialValveOutput valve = rig.open(250)) {
            long tenSecondsAgo = System.nanoTime() - 10_000_000_000L;
            valve.deliver(new RewardRequest(7, 700, 7.0, 5, false, tenSecondsAgo));
            await("the late reward to be settled", 10_000, () -> valve.settled() == 1);
            assertEquals(1, valve.stats().failed());
            assertTrue(valve.lastError().contains("reward for trial 7 not sent"), valve.lastError());
            assertTrue(valve.lastError().contains("later than max_delay 3000 ms"), valve.lastError());
            assertEquals(0, rig.commands("OPEN"));
        }
    }

    @Test void openingNamesThePortAndWhatIsWrong() throws Exception {
        IOException missing = assertThrows(IOException.class,
                () -> SerialValveOutput.open(SerialRig.spec("/dev/no-such-valve"), SerialRig.ONE_UL_PER_MS, 100));
        assertTrue(missing.getMessage().contains("/dev/no-such-valve: no such serial port"), missing.getMessage());
        SerialRig.requireSocat();
        try (PtyPair silent = PtyPair.open()) {
            var spec = new org.apical.config.RewardOutputSpec.Serial("v", silent.hostEnd(), 115_200, 0, 40, 50, 3, 300, 500);
            IOException quiet = assertThrows(IOException.class,
                    () -> SerialValveOutput.open(spec, SerialRig.ONE_UL_PER_MS, 100));
            assertTrue(quiet.getMessage().contains("no HELLO from the controller within 300 ms"), quiet.getMessage());
        }
        try (SerialRig rig = SerialRig.start(500)) {
            var spec = new org.apical.config.RewardOutputSpec.Serial("v", rig.pty.hostEnd(), 115_200, 5, 40, 50, 3, 2_000, 500);
            IOException valve = assertThrows(IOException.class,
                    () -> SerialValveOutput.open(spec, SerialRig.ONE_UL_PER_MS, 100));
            assertTrue(valve.getMessage().contains("valve 5 does not exist"), valve.getMessage());
        }
    }

    /** Heartbeats rare enough that the agent writes nothing of its own during the test; patient timeouts. */
    private static SerialValveOutput quietValve(SerialRig rig, double maxValveOpenMs) throws IOException {
        return SerialValveOutput.open(SerialRig.patientSpec(rig.pty.hostEnd(), 60_000), SerialRig.ONE_UL_PER_MS,
                maxValveOpenMs);
    }

    @Test void theWatchdogsCloseDoesNotWaitForTheAgentsWriteLock() throws Exception {
        try (SerialRig rig = SerialRig.start(2_000); SerialValveOutput valve = quietValve(rig, 2_000)) {
            valve.deliver(reward(1, 1_500));
            await("the valve to open", 10_000, rig.device::valveOpen);
            // Another thread holds the port's write lock, as the agent does while a write of its own is stuck.
            java.util.concurrent.locks.ReentrantLock lock = valve.link().writeLock();
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            Thread stuck = Thread.ofPlatform().daemon(true).start(() -> {
                lock.lock();
                try {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lock.unlock();
                }
            });
            held.await();
            try {
                Thread closer = Thread.ofPlatform().daemon(true).start(valve::closeValve);
                await("closeValve() to return while the lock is held", 10_000, () -> !closer.isAlive());
                await("the CLOSE at the device while the lock is still held (it received "
                        + rig.device.received() + ")", 10_000, () -> rig.device.closesWhileOpen() == 1);
                assertTrue(lock.isLocked());
                assertTrue(rig.device.pulses().getFirst().closedByCommand);
                assertEquals(1, valve.stats().closesSent());
            } finally {
                release.countDown();
                stuck.join();
            }
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void aRewardQueuedBeforeTheCloseIsDroppedAndTheCloseComesBeforeAnyLaterOpen() throws Exception {
        try (SerialRig rig = SerialRig.start(2_000); SerialValveOutput valve = quietValve(rig, 2_000)) {
            valve.deliver(reward(1, 1_500));
            await("the valve to open", 10_000, rig.device::valveOpen);
            valve.deliver(reward(2, 5)); // waits in the queue for the 1.5 s pulse to end
            valve.closeValve();           // the watchdog trips
            await("the queued reward to be settled", 10_000, () -> valve.settled() == 2);
            assertEquals(1, valve.delivered());
            assertEquals(1, valve.stats().failed());
            assertTrue(valve.lastError().contains("reward for trial 2 not sent: the valve was closed"), valve.lastError());
            await("the CLOSE at the device", 10_000, () -> rig.device.closesWhileOpen() == 1);
            assertEquals(1, rig.commands("OPEN"), "reward 2 was never sent");

            valve.deliver(reward(3, 5)); // rewarding resumes: a new reward goes out, after the CLOSE
            await("the next reward", 10_000, () -> valve.delivered() == 2);
            List<String> said = rig.device.received();
            int close = -1;
            int lastOpen = -1;
            for (int i = 0; i < said.size(); i++) {
                if (said.get(i).startsWith("CLOSE*")) close = i;
                if (said.get(i).startsWith("OPEN ")) lastOpen = i;
            }
            assertTrue(close >= 0 && close < lastOpen, "CLOSE before the next OPEN: " + said);
            assertEquals(2, rig.commands("OPEN"));
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void theControllerIsToldTheRigsBoundAndClampsALongerOpenToIt() throws Exception {
        try (SerialRig rig = SerialRig.start(500)) {
            try (SerialValveOutput valve = rig.open(150)) {
                assertEquals(new SerialValveOutput.DeviceInfo(ValveProtocol.VERSION, 2, 500, 0, 150), valve.device());
                assertEquals(150, rig.device.limitMs(), "the 500 ms controller now holds the rig's 150 ms");
            }
            // Whatever reaches the controller now, e.g. a 400 ms OPEN from a faulty host, lasts 150 ms.
            SerialLink raw = SerialLink.open(rig.pty.hostEnd(), 115_200);
            try {
                byte[] b = new byte[ValveProtocol.MAX_LINE];
                assertTrue(raw.write(b, ValveProtocol.open(b, 1_000, 400, 0)));
                await("the pulse", 10_000, () -> rig.device.pulses().size() == 1);
                assertEquals(150, rig.device.pulses().getFirst().ms);
                await("its end", 10_000, () -> !rig.device.valveOpen());
            } finally {
                raw.close();
            }
            assertTrue(rig.device.received().contains("LIMIT 150*41"), rig.device.received().toString());
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void oldFirmwareWithALongerOwnLimitIsRefusedNamingThePortAndBothBounds() throws Exception {
        try (SerialRig rig = SerialRig.start(500, 1)) {
            IOException e = assertThrows(IOException.class, () -> rig.open(150));
            assertEquals(rig.pty.hostEnd() + ": the controller's own maximum open time is 500 ms, longer than "
                    + "reward.max_valve_open_ms 150 ms, and its firmware (apical_valve protocol 1) cannot be told a "
                    + "shorter one; flash rigs/firmware/apical_valve (protocol 3), or set its MAX_OPEN_MS to at most 150",
                    e.getMessage());
            assertEquals(List.of(), rig.device.violations(), "no LIMIT was sent to firmware that does not know it");
        }
    }

    @Test void oldFirmwareWithinTheRigsBoundIsDriven() throws Exception {
        try (SerialRig rig = SerialRig.start(100, 1); SerialValveOutput valve = rig.open(150)) {
            assertEquals(new SerialValveOutput.DeviceInfo(1, 2, 100, 0, 100), valve.device());
            valve.deliver(reward(1, 5));
            await("the reward", 10_000, () -> valve.delivered() == 1);
            assertEquals(List.of(), rig.device.violations());
        }
    }

    @Test void aControllerThatKeepsALongerBoundThanItWasToldIsRefused() throws Exception {
        try (SerialRig rig = SerialRig.start(500)) {
            rig.device.ignoreLimit = true;
            IOException e = assertThrows(IOException.class, () -> rig.open(150));
            assertEquals(rig.pty.hostEnd() + ": the controller was told LIMIT 150 ms but keeps 500 ms as its bound, "
                    + "longer than reward.max_valve_open_ms 150 ms; flash rigs/firmware/apical_valve unchanged",
                    e.getMessage());
        }
    }
}
