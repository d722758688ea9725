package org.apical.config;

/** Where session recordings (XDF) go. */
public record RecordingSection(boolean enabled, String folder) {
    static RecordingSection read(ConfigNode n) {
        boolean enabled = n.bool("enabled", true);
        String folder = n.string("folder", "recordings");
        n.finish();
        return new RecordingSection(enabled, folder);
    }
}
