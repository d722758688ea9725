package org.apical.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shutdown hook's two promises, run in-process (a real signal would end the test JVM; {@link StopBySignalTest}
 * signals child JVMs): the exit waits for the command to finish, and a finish that hangs does not hold it forever.
 */
class StopOnSignalTest {

    @Test void theExitWaitsUntilTheCommandHasFinished() throws Exception {
        CountDownLatch stopAsked = new CountDownLatch(1);
        StopOnSignal s = new StopOnSignal(() -> "the test session", stopAsked::countDown, Duration.ofMinutes(5));
        Thread hook = Thread.ofPlatform().start(s::onShutdown);
        assertTrue(stopAsked.await(30, TimeUnit.SECONDS), "the hook asked the command to stop");
        assertTrue(s.signalled());
        assertTrue(hook.isAlive(), "the JVM may not exit before the command has finished");
        s.close();
        hook.join(30_000);
        assertFalse(hook.isAlive(), "finished: the JVM may exit");
    }

    @Test void aFinishThatHangsDoesNotHoldTheExitForever() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            StopOnSignal s = new StopOnSignal(() -> "the stuck session", () -> {}, Duration.ofMillis(200));
            Thread hook = Thread.ofPlatform().start(s::onShutdown); // never closed: the command hangs
            hook.join(30_000);
            assertFalse(hook.isAlive(), "the hook gave up after its bound");
        } finally {
            System.setErr(err);
        }
        String text = said.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("the stuck session did not finish within"), text);
    }

    @Test void aCommandThatEndsNormallyLeavesNoHookBehind() {
        StopOnSignal s = StopOnSignal.install(() -> "a finished session", () -> {});
        s.close();
        assertFalse(Runtime.getRuntime().removeShutdownHook(s.hook), "close() removed the hook");
    }
}
