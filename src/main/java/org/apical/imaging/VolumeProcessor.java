package org.apical.imaging;

import java.util.List;

/**
 * One volume of several imaging planes → one ROI sample. The acquisition sends the planes' frames one after another,
 * plane 0, 1, …, N−1; each plane has its own {@link FrameProcessor} (its reference, its motion correction, its ROIs).
 * The sample is every plane's ROI means (plane 0's first), then each plane's {@code shift_x}, {@code shift_y}, then
 * the volume number. With one plane it is exactly the {@link FrameProcessor}'s sample. Allocates nothing per frame.
 */
public final class VolumeProcessor {
    private final FrameProcessor[] planes;
    private final int[] roiAt;
    private final int shiftAt;
    private final int channels;
    private final ShiftStats all;

    public VolumeProcessor(List<FrameProcessor> planes) {
        if (planes.isEmpty()) throw new IllegalArgumentException("a volume has at least one plane");
        this.planes = planes.toArray(new FrameProcessor[0]);
        this.roiAt = new int[this.planes.length];
        int at = 0;
        for (int p = 0; p < this.planes.length; p++) {
            roiAt[p] = at;
            at += this.planes[p].rois();
        }
        this.shiftAt = at;
        this.channels = at + 2 * this.planes.length + 1;
        ShiftStats[] each = new ShiftStats[this.planes.length];
        for (int p = 0; p < each.length; p++) each[p] = this.planes[p].shifts();
        this.all = this.planes.length == 1 ? this.planes[0].shifts() : new ShiftStats(each);
    }

    public static VolumeProcessor single(FrameProcessor p) { return new VolumeProcessor(List.of(p)); }

    public int planes() { return planes.length; }

    /** ROI means of every plane, two shifts per plane, the volume number. */
    public int channels() { return channels; }

    public FrameProcessor plane(int p) { return planes[p]; }

    /** The shifts of every frame of every plane (the one plane's own with a single plane). */
    public ShiftStats shifts() { return all; }

    /** Plane {@code p}'s frame of volume {@code volume} into {@code out}; the last plane completes the sample. */
    public void process(int p, long volume, RawFrame frame, double[] out) {
        if (planes.length == 1) {
            planes[0].process(frame, out, 0, shiftAt, frame.number);
        } else {
            int s = shiftAt + 2 * p;
            planes[p].process(frame, out, roiAt[p], s, volume);
            all.record(frame.number, out[s], out[s + 1]);
        }
        if (p == planes.length - 1) out[channels - 1] = planes.length == 1 ? frame.number : volume;
    }

    /** True once every plane has its reference image. */
    public boolean referenceReady() {
        for (FrameProcessor p : planes) if (!p.referenceReady()) return false;
        return true;
    }
}
