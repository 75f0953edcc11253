package io.rkproxy.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One RESP2 or RESP3 reply exactly as it came off the wire, for byte-for-byte comparison: its bytes, and for
 * aggregates (arrays, sets, maps, pushes) its elements, each a {@code RawReply} of its own.
 */
record RawReply(byte[] bytes, List<RawReply> items) {

    static RawReply read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] header = line(in);
        bytes.write(header);
        String text = new String(header, 1, header.length - 3, StandardCharsets.UTF_8);
        List<RawReply> items = List.of();
        switch (header[0]) {
            case '$', '=', '!' -> {
                int length = Integer.parseInt(text);
                if (length >= 0) {
                    byte[] data = in.readNBytes(length + 2);
                    if (data.length < length + 2) {
                        throw new EOFException("bulk cut short");
                    }
                    bytes.write(data);
                }
            }
            case '*', '~', '>', '%', '|' -> {
                int count = Integer.parseInt(text) * (header[0] == '%' || header[0] == '|' ? 2 : 1);
                items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    RawReply item = read(in);
                    bytes.write(item.bytes);
                    items.add(item);
                }
            }
            case '+', '-', ':', ',', '#', '(', '_' -> {
                // the header line is the whole reply
            }
            default -> throw new IOException("not a RESP reply: " + new String(header, StandardCharsets.UTF_8));
        }
        return new RawReply(bytes.toByteArray(), items);
    }

    boolean isError() {
        return bytes[0] == '-';
    }

    /** The first line without its type byte: an error's text, an integer's digits, an aggregate's count. */
    String line() {
        int end = indexOfCrlf();
        return new String(bytes, 1, end - 1, StandardCharsets.UTF_8);
    }

    /** A bulk string's content, or the line of a simple reply. */
    String text() {
        if (bytes[0] == '$' || bytes[0] == '=') {
            int start = indexOfCrlf() + 2;
            return start > bytes.length ? "" : new String(bytes, start, bytes.length - start - 2,
                    StandardCharsets.UTF_8);
        }
        return line();
    }

    /** The same reply with its elements in byte order: for replies whose order Redis leaves unspecified. */
    RawReply sorted() {
        List<RawReply> ordered = items.stream().sorted(Comparator.comparing(RawReply::bytes, Arrays::compare))
                .toList();
        return withItems(ordered);
    }

    /** The same reply with its elements taken two by two (field and value) and the pairs in byte order. */
    RawReply sortedPairs() {
        List<List<RawReply>> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < items.size(); i += 2) {
            pairs.add(items.subList(i, i + 2));
        }
        pairs.sort(Comparator.comparing((List<RawReply> pair) -> pair.get(0).bytes(), Arrays::compare)
                .thenComparing(pair -> pair.get(1).bytes(), Arrays::compare));
        return withItems(pairs.stream().flatMap(List::stream).toList());
    }

    /** The same reply with one element replaced. */
    RawReply withItem(int index, RawReply item) {
        List<RawReply> changed = new ArrayList<>(items);
        changed.set(index, item);
        return withItems(changed);
    }

    static RawReply array(List<RawReply> items) {
        return new RawReply(("*" + items.size() + "\r\n").getBytes(StandardCharsets.US_ASCII), List.of())
                .withItems(items);
    }

    static RawReply simple(String line) {
        return new RawReply((line + "\r\n").getBytes(StandardCharsets.UTF_8), List.of());
    }

    boolean sameBytes(RawReply other) {
        return Arrays.equals(bytes, other.bytes);
    }

    /** The bytes as one readable line, CR and LF escaped. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawReply other && sameBytes(other);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    private RawReply withItems(List<RawReply> replaced) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, indexOfCrlf() + 2);
        replaced.forEach(item -> out.write(item.bytes, 0, item.bytes.length));
        return new RawReply(out.toByteArray(), replaced);
    }

    private int indexOfCrlf() {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("no CRLF in " + this);
    }

    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toByteArray();
            }
            previous = b;
        }
    }
}
