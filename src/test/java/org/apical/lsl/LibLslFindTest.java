package org.apical.lsl;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Finding the system's liblsl, and what a user is told when there is none. */
class LibLslFindTest {
    @Test
    void anLslLibThatIsNotAFileIsRefusedWithHowToInstallOne(@TempDir Path dir) {
        String before = System.getProperty("lsl.lib");
        System.setProperty("lsl.lib", dir.resolve("liblsl.so").toString());
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, LibLsl::find);
            assertTrue(e.getMessage().contains(dir.resolve("liblsl.so").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("github.com/sccn/liblsl/releases"), e.getMessage());
            assertTrue(e.getMessage().contains("conda"), e.getMessage());
            IllegalStateException named = assertThrows(IllegalStateException.class, () -> LslBackend.named("native"));
            assertEquals(e.getMessage(), named.getMessage());
            assertFalse(LslBackend.named("java").isNative());
        } finally {
            if (before == null) System.clearProperty("lsl.lib");
            else System.setProperty("lsl.lib", before);
        }
    }

    @Test
    void aFileThatIsNoLiblslIsRefused(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("liblsl.so"), "not a library");
        assertThrows(IllegalArgumentException.class, () -> LibLsl.load(fake));
    }
}
