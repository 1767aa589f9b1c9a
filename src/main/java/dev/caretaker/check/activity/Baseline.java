package dev.caretaker.check.activity;

import dev.caretaker.check.Robust;
import java.util.Arrays;

/** A robust summary of past windows: the median and the median absolute deviation, unmoved by a few outliers. */
record Baseline(double median, double mad, int windows) {

    static Baseline of(long[] counts) {
        if (counts.length == 0) {
            return new Baseline(0, 0, 0);
        }
        double[] v = Arrays.stream(counts).asDoubleStream().toArray();
        double median = Robust.median(v);
        return new Baseline(median, Robust.mad(v, median), counts.length);
    }
}
