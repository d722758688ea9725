package org.apical.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apical.config.SimSection;
import org.apical.stream.XmlElement;

/**
 * A seeded population of layer-5 neurons, each imaged at its soma and its apical dendrite (or, in spike mode,
 * recorded as binned spike counts). P+ and P− neurons share slow latent drives; a simple learner raises P+ and
 * lowers P− activity after each reward, so the hit rate climbs over a session.
 * <p>
 * Soma: Poisson spikes through a GCaMP-like double-exponential kernel, multiplicative baseline drift, additive noise.
 * Dendrite: every somatic spike also drives the dendrite, scaled by β·(1 + ρ), where the residual ρ is generated from
 * known parameters — network activity, recent reward and the task error, with signs set by each neuron's causal
 * role (P+ amplified, P− attenuated). Those parameters travel with the data ({@link #desc(boolean)}), so any recording
 * of a simulated session can be checked against its ground truth.
 */
public final class SimulatedPopulation {
    static final double TAU_RISE = 0.07;
    static final double TAU_DECAY = 0.8;
    static final double TAU_LATENT = 1.0;
    static final double SPIKE_AMPLITUDE = 0.35;

    private final SimSection spec;
    private final int n;
    private final double dt;
    private final SplittableRandom random;
    private final int[] role; // +1 P+, -1 P−, 0 other
    private final double[] baseRate, somaF0, dendF0, beta, wNet, wReward, wError, driftPhase, xUm, yUm;
    private final double[] somaRise, somaDecay, dendRise, dendDecay;
    private final int[] lastSpikes;
    private final double[] incrementXY, incrementXX;
    private final double[] somaCalcium, dendriteCalcium, trueRho;
    private double zPlus, zMinus, zGlobal;
    private double learned; // 0 naive .. 1 expert
    private double rewardTrace;
    private long frame;
    private int rewards;
    private boolean light;
    private double lastError;

    public SimulatedPopulation(SimSection spec) {
        this.spec = spec;
        this.n = spec.neurons();
        this.dt = 1.0 / spec.rateHz();
        this.random = new SplittableRandom(spec.seed());
        role = new int[n];
        for (int i : spec.plus()) role[i] = 1;
        for (int i : spec.minus()) role[i] = -1;
        baseRate = new double[n];
        somaF0 = new double[n];
        dendF0 = new double[n];
        beta = new double[n];
        wNet = new double[n];
        wReward = new double[n];
        wError = new double[n];
        driftPhase = new double[n];
        xUm = new double[n];
        yUm = new double[n];
        somaRise = new double[n];
        somaDecay = new double[n];
        dendRise = new double[n];
        dendDecay = new double[n];
        lastSpikes = new int[n];
        incrementXY = new double[n];
        somaCalcium = new double[n];
        dendriteCalcium = new double[n];
        trueRho = new double[n];
        incrementXX = new double[n];
        for (int i = 0; i < n; i++) {
            baseRate[i] = 0.6 + 2.0 * random.nextDouble();
            somaF0[i] = 300 + 500 * random.nextDouble();
            dendF0[i] = 150 + 250 * random.nextDouble();
            beta[i] = 0.6 + 0.6 * random.nextDouble();
            wNet[i] = 0.3 * random.nextGaussian();
            wReward[i] = role[i] * 0.6 + 0.1 * random.nextGaussian();
            wError[i] = -role[i] * 0.4 + 0.1 * random.nextGaussian();
            driftPhase[i] = 2 * Math.PI * random.nextDouble();
            xUm[i] = 500 * random.nextDouble();
            yUm[i] = 500 * random.nextDouble();
        }
    }

    public int neurons() { return n; }

    public double rate() { return spec.rateHz(); }

    /** Channels per frame: soma then dendrite of every neuron (imaging), or one count per unit (spikes). */
    public int channels(boolean spikes) { return spikes ? n : 2 * n; }

    /** A reward reached the animal: the learner strengthens P+ and weakens P−. */
    public void reward() {
        rewards++;
        learned += spec.learningRate() * (1 - learned);
        rewardTrace = 1.0;
    }

    public int rewardsSeen() { return rewards; }

    /** The light is on (or off) from the next frame: while on, every residual ρ is scaled by light_residual_scale. */
    public void light(boolean on) { this.light = on; }

    public boolean lightOn() { return light; }

    /**
     * The animal's lick rate now (Hz): a low base rate, consummatory licking after a reward (with the reward trace),
     * and anticipatory licking that grows with learning as the rewarded direction is driven (the task error falls).
     */
    public double lickRateHz() {
        return LICK_BASE_HZ + LICK_CONSUME_HZ * rewardTrace
                + LICK_ANTICIPATE_HZ * learned * Math.max(0, Math.tanh(-2 * lastError));
    }

    static final double LICK_BASE_HZ = 0.3, LICK_CONSUME_HZ = 7, LICK_ANTICIPATE_HZ = 4;

    /** How far the simulated animal has learned, 0 (naive) to 1. */
    public double learned() { return learned; }

    /** Advances one frame and writes its values into {@code out} (no allocation). */
    public void step(double[] out, boolean spikes) {
        double t = frame++ * dt;
        double a = Math.exp(-dt / TAU_LATENT);
        double s = Math.sqrt(1 - a * a);
        zPlus = a * zPlus + s * random.nextGaussian();
        zMinus = a * zMinus + s * random.nextGaussian();
        zGlobal = a * zGlobal + s * random.nextGaussian();
        rewardTrace *= Math.exp(-dt / 1.0);
        // Learning couples the ensembles (P− falls when P+ rises) and deepens P+ modulation: the animal finds the
        // direction the decoder rewards, so the fixed, calibrated threshold is crossed more often.
        double coupling = 0.85 * learned;
        double zMinusEff = Math.sqrt(1 - coupling * coupling) * zMinus - coupling * zPlus;
        double gainPlus = 1.1 + 0.5 * learned;
        double error = -(zPlus - zMinusEff) / 2;
        double residualScale = spec.residualGain() * (spec.anaesthesia() ? 0.1 : 1.0)
                * (light ? spec.lightResidualScale() : 1.0);
        lastError = error;
        double kr = Math.exp(-dt / TAU_RISE);
        double kd = Math.exp(-dt / TAU_DECAY);

        for (int i = 0; i < n; i++) {
            double drive = switch (role[i]) {
                case 1 -> gainPlus * zPlus + 0.3 * zGlobal;
                case -1 -> 1.1 * zMinusEff + 0.3 * zGlobal;
                default -> 0.6 * zGlobal;
            };
            // saturating: firing rises at most ~4.5-fold and falls to ~1/4.5 of the base rate
            double lambda = baseRate[i] * Math.exp(1.5 * Math.tanh(drive / 1.5)) * dt;
            int k = poisson(lambda);
            lastSpikes[i] = k;
            if (spikes) {
                out[i] = k;
                continue;
            }
            double rho = residualScale * (wNet[i] * zGlobal + wReward[i] * rewardTrace + wError[i] * error)
                    + 0.05 * random.nextGaussian();
            double somaInc = SPIKE_AMPLITUDE * k;
            double dendInc = somaInc * beta[i] * Math.max(0, 1 + rho);
            incrementXY[i] += dendInc * somaInc;
            incrementXX[i] += somaInc * somaInc;
            somaRise[i] = somaRise[i] * kr + somaInc;
            somaDecay[i] = somaDecay[i] * kd + somaInc;
            dendRise[i] = dendRise[i] * kr + dendInc;
            dendDecay[i] = dendDecay[i] * kd + dendInc;
            double drift = 1 + 0.05 * Math.sin(2 * Math.PI * t / 300 + driftPhase[i]);
            double cs = somaDecay[i] - somaRise[i];
            double cd = dendDecay[i] - dendRise[i];
            somaCalcium[i] = cs;
            dendriteCalcium[i] = cd;
            trueRho[i] = rho;
            out[i] = somaF0[i] * drift * (1 + cs + spec.noise() * random.nextGaussian());
            out[n + i] = dendF0[i] * drift * (1 + cd + spec.noise() * random.nextGaussian());
        }
    }

    private int poisson(double lambda) {
        if (lambda <= 0) return 0;
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l && k < 1000);
        return k - 1;
    }

    public String label(int channel, boolean spikes) {
        if (spikes) return "unit-" + channel;
        return channel < n ? "soma-" + channel : "dendrite-" + (channel - n);
    }

    /** The {@code <desc>} of the simulated stream: channel map and the ground truth of the residual model. */
    public XmlElement desc(boolean spikes) {
        List<XmlElement> channels = new ArrayList<>();
        for (int ch = 0; ch < channels(spikes); ch++) {
            int i = ch % n;
            String kind = spikes ? "unit" : ch < n ? "soma" : "dendrite";
            channels.add(XmlElement.of("channel", XmlElement.text("label", label(ch, spikes)),
                    XmlElement.text("type", kind), XmlElement.text("unit", spikes ? "count" : "a.u."),
                    XmlElement.text("neuron", Integer.toString(i)), XmlElement.text("x_um", num(xUm[i])),
                    XmlElement.text("y_um", num(yUm[i]))));
        }
        List<XmlElement> truth = new ArrayList<>();
        truth.add(XmlElement.text("model", "dendrite spike gain = beta*(1+rho); rho = residual_gain*(w_net*z_global"
                + " + w_reward*reward_trace + w_error*error) + N(0,0.05); error = -(z_plus - z_minus_eff)/2;"
                + " reward_trace decays with tau 1 s; learning: learned += learning_rate*(1-learned) per reward;"
                + " z_minus_eff = sqrt(1-r^2)*z_minus - r*z_plus, r = 0.85*learned; P+ gain 1.1+0.5*learned"));
        truth.add(XmlElement.text("residual_gain", num(spec.residualGain())));
        truth.add(XmlElement.text("anaesthesia", Boolean.toString(spec.anaesthesia())));
        truth.add(XmlElement.text("light_residual_scale", num(spec.lightResidualScale())));
        truth.add(XmlElement.text("licks", "rate_hz = " + LICK_BASE_HZ + " + " + LICK_CONSUME_HZ + "*reward_trace + "
                + LICK_ANTICIPATE_HZ + "*learned*max(0, tanh(-2*error))"));
        truth.add(XmlElement.text("learning_rate", num(spec.learningRate())));
        for (int i = 0; i < n; i++) {
            truth.add(XmlElement.of("neuron", XmlElement.text("index", Integer.toString(i)),
                    XmlElement.text("role", role[i] > 0 ? "P+" : role[i] < 0 ? "P-" : "other"),
                    XmlElement.text("beta", num(beta[i])), XmlElement.text("w_net", num(wNet[i])),
                    XmlElement.text("w_reward", num(wReward[i])), XmlElement.text("w_error", num(wError[i])),
                    XmlElement.text("base_rate_hz", num(baseRate[i]))));
        }
        return XmlElement.of("desc",
                XmlElement.of("acquisition", XmlElement.text("manufacturer", "Apical"),
                        XmlElement.text("model", "simulated rig"), XmlElement.text("seed", Long.toString(spec.seed())),
                        XmlElement.text("kind", spikes ? "spikes" : "imaging")),
                XmlElement.of("channels", channels),
                XmlElement.of("ground_truth", truth));
    }

    private static String num(double v) { return String.format(Locale.ROOT, "%.6f", v); }

    public int role(int neuron) { return role[neuron]; }
    public double beta(int neuron) { return beta[neuron]; }
    public double wReward(int neuron) { return wReward[neuron]; }
    /**
     * The slope through the origin of the dendrite's calcium increments on the soma's, over every spike since the
     * last {@link #resetIncrementSlopes()}: β·(1 + ρ) averaged as a line fit weighs it. This is the line an event fit
     * on that period should find (ρ shares latent drives with the neuron's own firing, so it is not β itself).
     */
    public double incrementSlope(int neuron) { return incrementXY[neuron] / incrementXX[neuron]; }

    public void resetIncrementSlopes() {
        java.util.Arrays.fill(incrementXY, 0);
        java.util.Arrays.fill(incrementXX, 0);
    }

    /** The last frame's noiseless calcium (true dF/F) of the neuron's soma and dendrite, and its residual ρ. */
    public double somaCalcium(int neuron) { return somaCalcium[neuron]; }
    public double dendriteCalcium(int neuron) { return dendriteCalcium[neuron]; }
    public double rho(int neuron) { return trueRho[neuron]; }

    /** Resting fluorescence of the neuron's soma and dendrite (before drift): what a dF/F baseline estimates. */
    public double somaF0(int neuron) { return somaF0[neuron]; }
    public double dendriteF0(int neuron) { return dendF0[neuron]; }
}
