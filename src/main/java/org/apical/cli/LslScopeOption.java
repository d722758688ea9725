package org.apical.cli;

import org.apical.lsl.LslConfig;
import org.apical.lsl.ResolveScope;
import picocli.CommandLine.Option;
import org.apical.core.UserException;

/**
 * The {@code --scope} and {@code --lsl-backend} options shared by the lsl commands: the first overrides
 * lsl_api.cfg's ResolveScope for this run, the second picks Apical's LSL or the system's liblsl.
 */
public final class LslScopeOption {
    @Option(names = "--scope", paramLabel = "SCOPE",
            description = "How far discovery reaches: machine, link, site, organization or global "
                    + "(default: ResolveScope from lsl_api.cfg, else site). machine = 127.0.0.1 only.")
    String scope;

    @Option(names = "--lsl-backend", paramLabel = "java|native", defaultValue = "java",
            description = "java: Apical's own LSL (default); native: the system's liblsl (LSL_LIB, java.library.path or"
                    + " the usual names), which reads its own lsl_api.cfg: --scope does not reach it.")
    String backend;

    /** The backend for this run; native without a liblsl is a {@link UserException} saying how to install one. */
    public org.apical.lsl.LslBackend backend() {
        if (!backend.equals("java") && !backend.equals("native")) {
            throw new UserException("--lsl-backend '" + backend + "': expected java or native");
        }
        try {
            return org.apical.lsl.LslBackend.named(backend);
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            throw new UserException("--lsl-backend native: " + e.getMessage());
        }
    }

    /** For a command that speaks only Apical's LSL: refuses --lsl-backend native by name. */
    public void javaOnly(String command) {
        if (!"java".equals(backend)) {
            throw new UserException("apical " + command + " --lsl-backend " + backend
                    + ": this command uses Apical's own LSL only (receive, send and sessions have the native backend)");
        }
    }

    /** The configuration for this run, to pass to every LSL part the command opens. */
    public LslConfig config() {
        LslConfig base;
        try {
            base = LslConfig.found();
        } catch (org.apical.config.ConfigException e) {
            throw new UserException(e.getMessage());
        }
        if (scope != null) {
            ResolveScope s = ResolveScope.parse(scope);
            if (s == null) throw new UserException("--scope '" + scope + "': expected machine, link, site, organization or global");
            base = base.withScope(s);
        }
        return base;
    }
}
