package org.apical.cli;

import org.apical.lsl.LslConfig;
import org.apical.lsl.ResolveScope;
import picocli.CommandLine.Option;
import org.apical.core.UserException;

/** The {@code --scope} option shared by the lsl commands: overrides lsl_api.cfg's ResolveScope for this run. */
public final class LslScopeOption {
    @Option(names = "--scope", paramLabel = "SCOPE",
            description = "How far discovery reaches: machine, link, site, organization or global "
                    + "(default: ResolveScope from lsl_api.cfg, else site). machine = 127.0.0.1 only.")
    String scope;

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
