package org.apical.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apical.config.Definitions;
import org.apical.config.InputSection;
import org.apical.config.SimSection;
import org.apical.lsl.InletOptions;
import org.apical.lsl.LibLsl;
import org.apical.lsl.LslBackend;
import org.apical.lsl.NativeFrameSource;
import org.apical.lsl.NativeInlet;
import org.apical.stream.ChannelFormat;
import org.apical.lsl.LslConfig;
import org.apical.lsl.ResolveScope;
import org.apical.lsl.Resolver;
import org.apical.lsl.StreamInlet;
import org.apical.core.FrameSource;
import org.apical.lsl.LslFrameSource;
import org.apical.lsl.StreamDescriptions;
import org.apical.reward.RewardOutput;
import org.apical.sim.Pacer;
import org.apical.sim.SimPublisher;
import org.apical.sim.SimulatedRig;
import org.apical.sim.SimulatedSpikeEvents;
import org.apical.spikes.SpikeEventLayout;
import org.apical.spikes.SpikeEventSource;
import org.apical.core.UserException;
import org.apical.stream.StreamInfo;

/** Builds a session's source from the rig file: the simulated rig (over loopback LSL or in process) or an LSL stream. */
public final class Sources {
    private Sources() {}

    /**
     * A source, the LSL configuration it was opened with (for every other LSL part of the session: publishers, marker
     * outputs) and what must be closed after the session (publishers).
     */
    public record Opened(FrameSource source, LslConfig lsl, SimulatedRig rig, SimPublisher publisher,
                         List<AutoCloseable> closeAfter, LslBackend backend) {
        /**
         * Lets a simulated rig follow the session's decisions (the same session at any speed), then starts its
         * publisher: a rig that ran ahead before this would see its rewards late.
         */
        public void attach(Session session) {
            if (rig != null) rig.followDecisions(session::decidedSequence);
            if (publisher != null) publisher.start();
        }

        /**
         * The light the rig file's {@code light:} names: none when its mode is off; the simulated rig's (its animal
         * sees it) or a counting stand-in for {@code output: simulated}; a light channel of the serial reward
         * controller for {@code output: controller}.
         *
         * @throws org.apical.config.ConfigException naming light.channel when the controller has no such channel
         */
        public org.apical.reward.LightOutput light(Definitions defs, List<RewardOutput> outputs) {
            var cfg = defs.rig().light();
            if (!cfg.enabled()) return null;
            if (cfg.output().equals("simulated")) {
                return rig != null ? rig.lightOutput() : new org.apical.reward.SimulatedLightOutput();
            }
            for (RewardOutput o : outputs) {
                if (o instanceof org.apical.reward.SerialValveOutput v
                        && (cfg.controllerName() == null || v.name().equals(cfg.controllerName()))) {
                    try {
                        return v.light(cfg.channel());
                    } catch (IOException e) {
                        throw new org.apical.config.ConfigException(defs.rig().file() + ": light.channel: "
                                + e.getMessage());
                    }
                }
            }
            throw new org.apical.config.ConfigException(defs.rig().file() + ": light.output: controller, but no serial"
                    + " reward output is open");
        }

        /** Where licks are reported: the simulated animal, else the first controller that reports them; or null. */
        public org.apical.reward.LickLog licks(List<RewardOutput> outputs) {
            if (rig != null) return rig.licks();
            for (RewardOutput o : outputs) {
                if (o instanceof org.apical.reward.SerialValveOutput v && v.lightInfo() != null) return v.licks();
            }
            return null;
        }

        /** The rig file's reward outputs, plus the simulated animal's where the rig is simulated (it learns from them). */
        public List<RewardOutput> rewardOutputs(List<RewardOutput> fromRigFile) {
            if (rig == null) return fromRigFile;
            List<RewardOutput> all = new ArrayList<>(fromRigFile);
            all.add(rig.rewardOutput());
            return all;
        }
    }

    /** The LSL configuration for a rig: lsl_api.cfg as found (liblsl's lookup), with the rig's resolve scope. */
    public static LslConfig lslConfig(InputSection input) { return lslConfig(input.scope()); }

    /** The same with a scope by name (machine, link, site, organization, global). */
    public static LslConfig lslConfig(String scope) {
        return LslConfig.found().withScope(ResolveScope.valueOf(scope.toUpperCase()));
    }

    /**
     * The simulated rig. Over LSL (the default) it publishes an outlet on this machine and the session reads it
     * through an inlet, exactly as from an acquisition system; in process it feeds the ring directly.
     *
     * @param cfg the LSL configuration for the loopback stream and the session's other LSL parts
     */
    public static Opened simulated(Definitions defs, SimSection sim, Pacer pacer, long frames, boolean overLsl,
                                   LslConfig cfg) throws IOException {
        return simulated(defs, sim, pacer, frames, overLsl, cfg, backend(defs));
    }

    /** The rig's {@code input.backend}; a native one without a liblsl is a {@link UserException} naming the field. */
    public static LslBackend backend(Definitions defs) {
        InputSection in = defs.rig().input();
        try {
            return LslBackend.named(in.backend());
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            throw new UserException(defs.rig().file() + ": input.backend: native: " + e.getMessage());
        }
    }

    /** The same on the given backend: with the native one, the rig's outlet and the session's inlet are liblsl's. */
    public static Opened simulated(Definitions defs, SimSection sim, Pacer pacer, long frames, boolean overLsl,
                                   LslConfig cfg, LslBackend backend) throws IOException {
        if (defs.rig().input().spikeEvents()) return simulatedSpikeEvents(defs, sim, pacer, frames, overLsl, cfg);
        boolean spikes = defs.rig().input().spikes();
        String sourceId = "apical-sim-" + sim.seed() + "-" + ProcessHandle.current().pid();
        SimulatedRig rig = new SimulatedRig(sim, spikes, pacer, frames, System.nanoTime() / 1e9, sourceId);
        if (!overLsl) return new Opened(rig, cfg, rig, null, List.of(), backend);
        SimPublisher publisher = new SimPublisher(rig, cfg, backend);
        List<AutoCloseable> close = new ArrayList<>();
        close.add(publisher);
        try {
            if (backend.isNative()) {
                FrameSource source = openNative(backend.lib(), "name='" + rig.info().name() + "' and source_id='"
                        + sourceId + "'", 10, defs.rig().input().pairs(), spikes, frames);
                if (source == null) {
                    throw new UserException("liblsl did not find the simulated rig's stream '" + rig.info().name()
                            + "' (source_id " + sourceId + ") within 10 s");
                }
                return new Opened(source, cfg, rig, publisher, close, backend);
            }
            StreamInlet inlet = simulatedInlet(cfg, rig.info(), sourceId);
            LslFrameSource source = new LslFrameSource(inlet,
                    StreamDescriptions.of(inlet.info(), defs.rig().input().pairs(), spikes), frames);
            return new Opened(source, cfg, rig, publisher, close, backend);
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    /**
     * The simulated rig as a spike sorter: its spikes as events, binned by the session (over LSL through a live
     * {@link SpikeEventSource}, or in process by {@link SimulatedSpikeEvents}). {@code frames} are the rig's; the
     * session gets the whole bins they cover.
     */
    private static Opened simulatedSpikeEvents(Definitions defs, SimSection sim, Pacer pacer, long frames,
                                               boolean overLsl, LslConfig cfg) throws IOException {
        InputSection.SpikeEvents spec = defs.rig().input().events();
        String sourceId = "apical-sim-" + sim.seed() + "-" + ProcessHandle.current().pid();
        SimulatedRig rig = new SimulatedRig(sim, true, pacer, frames, System.nanoTime() / 1e9, sourceId);
        rig.decisionsAreBins(spec.binSeconds(), spec.latencySeconds());
        // the first bin may be partial and the last must close: leave both out of the count
        long bins = Math.max(1, (long) Math.floor((frames / sim.rateHz() - spec.latencySeconds()) / spec.binSeconds()) - 1);
        List<String> units = SpikeEventLayout.decoderUnits(defs.decoder());
        if (!overLsl) {
            SpikeEventLayout layout = SpikeEventLayout.of(SimulatedSpikeEvents.info(sourceId), spec, units,
                    defs.rig().file());
            return new Opened(new SimulatedSpikeEvents(rig, layout, bins), cfg, rig, null, List.of(), LslBackend.JAVA);
        }
        SimPublisher publisher = SimPublisher.spikeEvents(rig, sourceId, cfg);
        try {
            StreamInlet inlet = simulatedInlet(cfg, SimulatedSpikeEvents.info(sourceId), sourceId);
            SpikeEventLayout layout = SpikeEventLayout.of(inlet.info(), spec, units, defs.rig().file());
            return new Opened(new SpikeEventSource(inlet, layout, bins), cfg, rig, publisher, List.of(publisher),
                    LslBackend.JAVA);
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
    }

    /**
     * Raw frames turned into ROI means in process ({@code input.source: frames}): the session reads the ROI stream
     * straight from the frame bridge, which also publishes it on LSL when the rig asks.
     */
    public static Opened frames(Definitions defs, long maxFrames) throws IOException {
        LslConfig cfg = lslConfig(defs.rig().input());
        try {
            return new Opened(org.apical.imaging.FramesSetup.session(defs.rig().frames(), cfg, maxFrames), cfg, null,
                    null, List.of(), LslBackend.JAVA);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while opening the frame source");
        } catch (IOException e) {
            throw new UserException(defs.rig().file() + ": frames: " + e.getMessage(), e);
        }
    }

    /** The rig's LSL input stream, resolved by name/type/source_id within the rig's resolve timeout. */
    public static Opened lsl(Definitions defs, long maxFrames) throws IOException {
        return lsl(defs, maxFrames, backend(defs));
    }

    /** The same on the given backend (liblsl's own inlet with the native one). */
    public static Opened lsl(Definitions defs, long maxFrames, LslBackend backend) throws IOException {
        InputSection in = defs.rig().input();
        LslConfig cfg = lslConfig(in);
        double timeout = in.resolveTimeout().value();
        String predicate = predicate(in);
        if (backend.isNative()) {
            FrameSource source = openNative(backend.lib(), predicate, timeout, in.pairs(),
                    in.spikes(), maxFrames);
            if (source == null) {
                throw new UserException(defs.rig().file() + ": input.stream: liblsl (" + backend.describe()
                        + ") found no LSL stream matching " + predicate + " within "
                        + in.resolveTimeout() + "; with input.backend: native the discovery scope is liblsl's own"
                        + " lsl_api.cfg, not input.scope");
            }
            return new Opened(source, cfg, null, null, List.of(), backend);
        }
        StreamInfo found = resolveInput(defs);
        if (found == null) {
            throw new UserException(defs.rig().file() + ": input.stream: no LSL stream with"
                    + (in.streamName().isEmpty() ? "" : " name '" + in.streamName() + "'")
                    + (in.streamType().isEmpty() ? "" : " type '" + in.streamType() + "'")
                    + (in.sourceId().isEmpty() ? "" : " source_id '" + in.sourceId() + "'")
                    + " answered within " + in.resolveTimeout() + " (scope " + in.scope()
                    + "); `apical lsl list` shows what is on the network");
        }
        if (in.spikeEvents()) {
            // checked before an inlet connects: a stream with no unit channel is refused by name
            SpikeEventLayout.of(found, in.events(), SpikeEventLayout.decoderUnits(defs.decoder()), defs.rig().file());
        }
        StreamInlet inlet = new StreamInlet(found, InletOptions.defaults().withConfig(cfg));
        if (in.spikeEvents()) {
            SpikeEventLayout layout = SpikeEventLayout.of(inlet.info(), in.events(),
                    SpikeEventLayout.decoderUnits(defs.decoder()), defs.rig().file());
            return new Opened(new SpikeEventSource(inlet, layout, maxFrames), cfg, null, null, List.of(),
                    LslBackend.JAVA);
        }
        return new Opened(new LslFrameSource(inlet, StreamDescriptions.of(inlet.info(), in.pairs(), in.spikes()),
                maxFrames), cfg, null, null, List.of(), LslBackend.JAVA);
    }

    /** An inlet on the simulated rig's own stream, published on loopback by this process. */
    private static StreamInlet simulatedInlet(LslConfig cfg, StreamInfo info, String sourceId) throws IOException {
        StreamInfo found = Resolver.find(cfg, info.name(), info.type(), sourceId, 10);
        if (found == null) {
            throw new UserException("the simulated rig's stream '" + info.name() + "' (source_id " + sourceId
                    + ") was not found on loopback within 10 s");
        }
        return new StreamInlet(found, InletOptions.defaults().withConfig(cfg));
    }

    /** The rig's {@code input.stream} as an LSL query: name, type and source_id, those given. */
    private static String predicate(InputSection in) {
        List<String> clauses = new ArrayList<>();
        if (!in.streamName().isEmpty()) clauses.add("name='" + in.streamName() + "'");
        if (!in.streamType().isEmpty()) clauses.add("type='" + in.streamType() + "'");
        if (!in.sourceId().isEmpty()) clauses.add("source_id='" + in.sourceId() + "'");
        return String.join(" and ", clauses);
    }

    /**
     * The rig's LSL input stream as discovery finds it (full info, desc included) within the rig's resolve timeout,
     * or null when none answers; several matching is a {@link UserException}. Nothing is opened.
     */
    public static StreamInfo resolveInput(Definitions defs) throws IOException {
        InputSection in = defs.rig().input();
        LslConfig cfg = lslConfig(in);
        double timeout = in.resolveTimeout().value();
        String predicate = predicate(in);
        List<StreamInfo> matches = Resolver.resolveByPredicate(cfg, predicate, 1, timeout);
        if (matches.size() > 1) {
            throw new UserException(defs.rig().file() + ": input.stream: " + matches.size() + " streams match ("
                    + matches.stream().map(i -> i.name() + "@" + i.hostname() + " source_id '" + i.sourceId() + "'")
                    .toList() + "); add a source_id to pick one");
        }
        return matches.isEmpty() ? null : Resolver.fullInfo(matches.getFirst(), Math.max(1, timeout));
    }

    /**
     * liblsl's inlet on the one stream matching the predicate, as the session's source (channel map from liblsl's
     * full info), or null when none answers; several matching is a {@link UserException}.
     */
    private static FrameSource openNative(LibLsl lib, String predicate, double timeout, int[][] pairs, boolean spikes,
                                          long maxFrames) throws IOException {
        List<java.lang.foreign.MemorySegment> found = lib.resolveByPredicate(predicate, 1, timeout);
        try {
            if (found.isEmpty()) return null;
            if (found.size() > 1) {
                throw new UserException("input.stream: " + found.size() + " streams match " + predicate
                        + " (liblsl); add a source_id to pick one");
            }
            // 360 s of buffer as liblsl's default; chunks of up to 1,024 samples per foreign call
            NativeInlet inlet = new NativeInlet(lib, found.getFirst(), 360, ChannelFormat.DOUBLE64, 1024);
            return new NativeFrameSource(inlet, StreamDescriptions.of(inlet.info(), pairs, spikes), maxFrames,
                    lib.versionText());
        } finally {
            for (var m : found) lib.destroyStreamInfo(m);
        }
    }
}
