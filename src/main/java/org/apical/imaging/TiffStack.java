package org.apical.imaging;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageWriterSpi;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.ImageIO;

/**
 * A multi-page 16-bit greyscale TIFF (as ScanImage and most rigs save), read page by page into preallocated frames
 * through TwelveMonkeys' TIFF plugin, named explicitly so the JDK's own reader is never picked instead. Pages are
 * row-major in the file and column-major in a {@link RawFrame}: the copy transposes.
 */
public final class TiffStack implements AutoCloseable {
    private final Path file;
    private final ImageInputStream input;
    private final ImageReader reader;
    private final int pages;
    private final int width;
    private final int height;
    private final ImageReadParam param;
    private final BufferedImage page;

    private TiffStack(Path file) throws IOException {
        this.file = file;
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        input = ImageIO.createImageInputStream(file.toFile());
        if (input == null) throw new IOException(file + ": cannot open");
        reader = new TIFFImageReaderSpi().createReaderInstance();
        try {
            reader.setInput(input, false, true);
            pages = reader.getNumImages(true);
            if (pages < 1) throw new IOException(file + ": the TIFF has no pages");
            width = reader.getWidth(0);
            height = reader.getHeight(0);
            ImageTypeSpecifier type = reader.getRawImageType(0);
            int bits = type == null ? -1 : type.getSampleModel().getSampleSize(0);
            int bands = type == null ? -1 : type.getSampleModel().getNumBands();
            if (bits != 16 || bands != 1) {
                throw new IOException(file + ": page 0 is " + (bands == 1 ? "" : bands + "-channel ") + bits
                        + "-bit; frames and label images must be single-channel 16-bit TIFFs");
            }
            page = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
            param = reader.getDefaultReadParam();
            param.setDestination(page);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())
                    ? io : new IOException(file + ": not a readable TIFF (" + e.getMessage() + ")", e);
        }
    }

    public static TiffStack open(Path file) throws IOException { return new TiffStack(file); }

    public Path file() { return file; }
    public int pages() { return pages; }
    public int width() { return width; }
    public int height() { return height; }

    /** Reads page {@code index} into {@code pixels}, column-major ({@code x * height + y}). */
    public void read(int index, short[] pixels) throws IOException {
        if (reader.getWidth(index) != width || reader.getHeight(index) != height) {
            throw new IOException(file + ": page " + index + " is " + reader.getWidth(index) + " × "
                    + reader.getHeight(index) + " pixels, page 0 is " + width + " × " + height);
        }
        reader.read(index, param);
        short[] rows = ((DataBufferUShort) page.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) pixels[x * height + y] = rows[row + x];
        }
    }

    /** Every page as 32-bit values, for label images and reference files (small, read once). */
    public int[] readValues(int index) throws IOException {
        short[] p = new short[width * height];
        read(index, p);
        int[] v = new int[p.length];
        for (int i = 0; i < p.length; i++) v[i] = p[i] & 0xFFFF;
        return v;
    }

    /**
     * Writes frames (column-major, {@code lines} = height) as a multi-page 16-bit TIFF: test stacks, references,
     * label images.
     */
    public static void write(Path file, int lines, int pixels, List<short[]> frames) throws IOException {
        ImageWriter writer = new TIFFImageWriterSpi().createWriterInstance();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (short[] f : frames) {
                BufferedImage img = new BufferedImage(pixels, lines, BufferedImage.TYPE_USHORT_GRAY);
                short[] rows = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
                for (int y = 0; y < lines; y++) {
                    for (int x = 0; x < pixels; x++) rows[y * pixels + x] = f[x * lines + y];
                }
                writer.writeToSequence(new IIOImage(img, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    @Override public void close() {
        reader.dispose();
        try {
            input.close();
        } catch (IOException e) {
            // nothing to keep
        }
    }
}
