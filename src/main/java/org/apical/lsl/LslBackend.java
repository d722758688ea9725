package org.apical.lsl;

import java.io.IOException;
import org.apical.stream.StreamInfo;

/**
 * Which LSL a session speaks: Apical's pure-Java implementation (the default, no native code) or the system's liblsl
 * through java.lang.foreign (rig field {@code input.backend: native}, {@code --lsl-backend native}). It makes
 * Apical's own outlets; inlets are opened by the session's source (see {@code session.Sources}).
 * <p>
 * liblsl reads its own {@code lsl_api.cfg} (its lookup: the working directory, then, from 1.13 on, {@code LSLAPICFG},
 * {@code ~/lsl_api/lsl_api.cfg}, {@code /etc/lsl_api/lsl_api.cfg}); the rig's {@code input.scope} does not reach it,
 * so a native session's discovery scope is the one that file sets.
 */
public record LslBackend(LibLsl lib) {
    public static final LslBackend JAVA = new LslBackend(null);

    /** The backend a rig or an option names: "java", or "native" (liblsl found as {@link LibLsl#find()} says). */
    public static LslBackend named(String name) {
        return switch (name) {
            case "java" -> JAVA;
            case "native" -> new LslBackend(LibLsl.find());
            default -> throw new IllegalArgumentException("LSL backend '" + name + "': must be java or native");
        };
    }

    public boolean isNative() { return lib != null; }

    /** An outlet for one of Apical's streams, buffering up to {@code bufferSeconds} for a slow consumer. */
    public SampleOutlet outlet(StreamInfo info, double bufferSeconds, LslConfig config) throws IOException {
        return lib == null ? new StreamOutlet(info, bufferSeconds, config) : new NativeOutlet(lib, info, bufferSeconds, 1);
    }

    /** "java" or "native liblsl 1.12 (/path/liblsl.so)". */
    public String describe() {
        return lib == null ? "java" : "native liblsl " + lib.versionText() + " (" + lib.path() + ")";
    }
}
