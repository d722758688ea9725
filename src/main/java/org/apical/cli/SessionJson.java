package org.apical.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apical.core.LatencyHistogram;
import org.apical.recording.SessionRecorder;
import org.apical.reward.RewardDispatcher;
import org.apical.reward.SerialValveStats;
import org.apical.session.SessionRunner;
import org.apical.session.SessionSummary;

/** The {@code --json} fields every session command shares (documented in README.md), from the session's records. */
final class SessionJson {
    private SessionJson() {}

    static Map<String, Object> of(SessionRunner runner, SessionSummary s) {
        Map<String, Object> m = Json.object();
        m.put("frames", s.frames());
        m.put("dropped", s.dropped());
        m.put("trials", s.trials());
        m.put("hits", s.hits());
        m.put("hit_rate_first_third", s.hitRateFirstThird());
        m.put("hit_rate_last_third", s.hitRateLastThird());
        m.put("rewards", s.rewards());
        m.put("manual_rewards", s.manualRewards());
        m.put("stream_seconds", Json.number(s.streamSeconds()));
        m.put("stale_frames", s.staleFrames());
        m.put("stale_trials", s.staleTrials());
        m.put("non_finite_samples", s.nonFiniteSamples());
        m.put("non_finite_frames", s.nonFiniteFrames());
        m.put("non_finite_treatment", s.nonFiniteSamples() > 0 ? SessionSummary.NON_FINITE_TREATMENT : null);
        m.put("latency_us", s.decisionLatency().microseconds());
        m.put("end_to_end_latency_us", s.endToEndLatency().count() > 0 ? s.endToEndLatency().microseconds() : null);
        m.put("published_latency_us", s.publishedLatency().microseconds());
        m.put("side_consumer_skips", s.skippedBySideConsumers());
        var session = runner.session();
        m.put("reward_outputs", rewardOutputs(session.rewards().reports()));
        m.put("watchdog_trips", session.watchdog() == null ? 0 : session.watchdog().trips());
        m.put("late_side_consumers", session.lateConsumers());
        m.put("input_lost", runner.inputLost());
        m.put("recording", runner.recorder() == null ? null : recording(runner.recorder().report()));
        if (session.source() instanceof org.apical.imaging.FramesFrameSource frames) {
            m.put("raw_frames", frames.rawRecorder() == null ? null : rawFrames(frames.rawRecorder()));
        }
        if (runner.stimulusStats() != null) m.put("stimulus", runner.stimulusStats().toMap());
        m.put("residuals", runner.residualStage() == null ? null : residuals(runner.residualStage().report()));
        if (session.source() instanceof org.apical.spikes.BinnedEvents binned) {
            m.put("spike_events", spikeEvents(binned.stats()));
        }
        m.put("light", light(session.light()));
        var licks = runner.lickBook() == null || session.licks() == null ? null : runner.lickBook().report();
        if (licks == null) {
            m.put("licks", null);
        } else {
            Map<String, Object> l = Json.object();
            l.put("total", licks.total());
            l.put("per_phase", licks.perPhase());
            l.put("lost", licks.lost());
            m.put("licks", l);
        }
        return m;
    }

    /** A spike-event input: what became of its events, and the units the decoder names that never fired. */
    static Map<String, Object> spikeEvents(org.apical.spikes.SpikeEventStats st) {
        Map<String, Object> m = Json.object();
        m.put("stream", st.stream());
        m.put("bin_ms", Json.number(st.binSeconds() * 1e3));
        m.put("latency_ms", Json.number(st.latencySeconds() * 1e3));
        m.put("bins", st.bins());
        m.put("events", st.events());
        m.put("counted", st.counted());
        m.put("late", st.late());
        m.put("ahead", st.ahead());
        m.put("unknown_units", st.unknown());
        m.put("silent_units", st.silentUnits());
        return m;
    }

    /** The light's books, or null when the rig has no light. */
    static Map<String, Object> light(org.apical.light.LightPlan plan) {
        if (!plan.config().enabled()) return null;
        var r = plan.report();
        Map<String, Object> m = Json.object();
        m.put("mode", r.mode());
        m.put("schedule", r.schedule());
        m.put("pulse_ms", r.pulseMs());
        m.put("pulses", r.pulses());
        m.put("confirmed", r.deviceConfirmed());
        m.put("refused_by_bounds", r.refusedByBounds());
        m.put("withheld", r.withheld());
        m.put("not_queued", r.notQueued());
        m.put("device_refused", r.deviceRefused());
        m.put("reinforcements", r.reinforcements());
        m.put("condition_changes", r.conditionChanges());
        m.put("output", r.output());
        m.put("last_error", r.lastError());
        return m;
    }

    /** Per output: name, delivered, healthy, last_error; serial valves add counters and latencies (µs). */
    static List<Map<String, Object>> rewardOutputs(List<RewardDispatcher.OutputReport> reports) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RewardDispatcher.OutputReport o : reports) {
            Map<String, Object> m = Json.object();
            m.put("name", o.name());
            m.put("delivered", o.delivered());
            m.put("healthy", o.healthy());
            m.put("last_error", o.lastError());
            if (o.serial() != null) {
                SerialValveStats st = o.serial().stats();
                m.put("port", o.serial().port());
                m.put("sent", st.sent());
                m.put("failed", st.failed());
                m.put("unknown", st.unknown());
                m.put("unacknowledged", st.unacknowledged());
                m.put("garbled", st.garbled());
                m.put("missed_heartbeats", st.missedHeartbeats());
                m.put("reconnects", st.reconnects());
                m.put("clamped", st.clampedByLimit() + st.clampedByDevice());
                m.put("decision_to_written_us", figures(o.serial().decisionToWritten()));
                m.put("decision_to_ack_us", figures(o.serial().decisionToAck()));
            }
            list.add(m);
        }
        return list;
    }

    static Map<String, Object> residuals(org.apical.residual.ResidualStage.Report r) {
        Map<String, Object> m = Json.object();
        m.put("pairs", r.pairs());
        m.put("events", r.events());
        m.put("amplified", r.amplified());
        m.put("attenuated", r.attenuated());
        m.put("fitted_pairs", r.fitted());
        m.put("frames_skipped", r.framesSkipped());
        return m;
    }

    /** What became of the raw frames a {@code frames.record_raw} session recorded. */
    static Map<String, Object> rawFrames(org.apical.imaging.RawFrameRecorder r) {
        Map<String, Object> m = Json.object();
        m.put("recorded", r.recorded());
        m.put("dropped", r.dropped());
        m.put("dropped_volumes", r.droppedVolumes());
        m.put("buffers", r.buffers());
        return m;
    }

    static Map<String, Object> recording(SessionRecorder.Report r) {
        Map<String, Object> m = Json.object();
        m.put("file", r.file().toString());
        m.put("samples", r.samples());
        m.put("dropped", r.dropped());
        m.put("frames_skipped", r.framesSkipped());
        m.put("bytes", r.bytes());
        return m;
    }

    private static Map<String, Object> figures(LatencyHistogram h) {
        Map<String, Object> m = Json.object();
        m.put("count", h.count());
        m.put("p50", Json.number(RewardDispatcher.us(h, 0.50)));
        m.put("p99", Json.number(RewardDispatcher.us(h, 0.99)));
        m.put("max", Json.number(RewardDispatcher.us(h, 1)));
        return m;
    }
}
