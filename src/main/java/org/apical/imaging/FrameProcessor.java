package org.apical.imaging;

import java.util.List;
import org.apical.core.LatencyHistogram;

/**
 * One raw frame → one ROI sample: the reference image (the mean of the first frames, or given), the frame's rigid
 * shift against it, and each ROI's mean after the shift. The sample is the ROI means, then {@code shift_x},
 * {@code shift_y} (pixels; 0 while the reference is still being averaged) and the frame number. Runs on the thread that
 * reads frames (the session's ingest, never the decision thread) and allocates nothing per frame.
 */
public final class FrameProcessor {
    private final FrameGeometry geometry;
    private final RoiMeans means;
    private final MotionCorrector motion;
    private final boolean bilinear;
    private final int referenceFrames;
    private final double[] sum;
    private final ShiftStats shifts = new ShiftStats();
    private final LatencyHistogram motionTime = new LatencyHistogram();
    private final LatencyHistogram roiTime = new LatencyHistogram();
    private boolean referenceReady;
    private long framesAveraged;

    /**
     * @param motion          null: no motion correction
     * @param reference       a reference image (column-major), or null to average the first {@code referenceFrames}
     * @param bilinear        sub-pixel shifts read ROI pixels bilinearly (else at the nearest pixel)
     */
    public FrameProcessor(FrameGeometry geometry, List<Roi> rois, MotionCorrector motion, float[] reference,
                          int referenceFrames, boolean bilinear) {
        this.geometry = geometry;
        this.means = new RoiMeans(geometry, rois);
        this.motion = motion;
        this.bilinear = bilinear;
        this.referenceFrames = Math.max(1, referenceFrames);
        this.sum = motion != null && reference == null ? new double[geometry.pixelCount()] : null;
        if (motion != null && reference != null) {
            if (reference.length != geometry.pixelCount()) {
                throw new IllegalArgumentException("the reference image has " + reference.length
                        + " pixels, the frames " + geometry.pixelCount());
            }
            motion.reference(reference);
            referenceReady = true;
        }
    }

    /** Channels of a sample: one per ROI, then shift_x, shift_y, frame. */
    public int channels() { return means.count() + 3; }

    public int rois() { return means.count(); }

    public boolean referenceReady() { return motion == null || referenceReady; }

    public ShiftStats shifts() { return shifts; }

    /** Wall-clock time per frame of the motion estimate (or the reference averaging). */
    public LatencyHistogram motionTime() { return motionTime; }

    /** Wall-clock time per frame of the ROI means. */
    public LatencyHistogram roiTime() { return roiTime; }

    /** Fills {@code out} (length ≥ {@link #channels()}) from {@code frame}. */
    public void process(RawFrame frame, double[] out) {
        int n = means.count();
        process(frame, out, 0, n, frame.number);
        out[n + 2] = frame.number;
    }

    /**
     * One plane's frame of a volume: its ROI means into {@code out[roiAt ..)}, its shift into {@code out[shiftAt]} and
     * {@code out[shiftAt + 1]}, counted as this plane's frame {@code index} in {@link #shifts()}.
     */
    void process(RawFrame frame, double[] out, int roiAt, int shiftAt, long index) {
        double dx = 0, dy = 0;
        long t0 = System.nanoTime();
        if (motion != null) {
            if (referenceReady) {
                motion.estimate(frame.pixels);
                dx = motion.dx();
                dy = motion.dy();
            } else {
                average(frame.pixels);
            }
        }
        long t1 = System.nanoTime();
        means.compute(frame.pixels, dx, dy, bilinear, out, roiAt);
        long t2 = System.nanoTime();
        motionTime.record(t1 - t0);
        roiTime.record(t2 - t1);
        out[shiftAt] = dx;
        out[shiftAt + 1] = dy;
        shifts.record(index, dx, dy);
    }

    private void average(short[] pixels) {
        for (int i = 0; i < pixels.length; i++) sum[i] += pixels[i] & 0xFFFF;
        if (++framesAveraged < referenceFrames) return;
        float[] ref = new float[sum.length]; // once, when the reference is complete
        for (int i = 0; i < sum.length; i++) ref[i] = (float) (sum[i] / framesAveraged);
        motion.reference(ref);
        referenceReady = true;
    }

    public FrameGeometry geometry() { return geometry; }
}
