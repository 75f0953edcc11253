package io.rkproxy.admin;

import java.util.ArrayList;
import java.util.List;

/** The newest points of one series, at most a fixed number: the oldest is overwritten. */
final class SeriesRing {

    private final SeriesPoint[] points;
    private int next;
    private int size;

    SeriesRing(int capacity) {
        this.points = new SeriesPoint[capacity];
    }

    synchronized void add(SeriesPoint point) {
        points[next] = point;
        next = (next + 1) % points.length;
        size = Math.min(size + 1, points.length);
    }

    /** Oldest first. */
    synchronized List<SeriesPoint> points() {
        List<SeriesPoint> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(points[(next - size + i + points.length) % points.length]);
        }
        return out;
    }
}
