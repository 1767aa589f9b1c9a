package dev.caretaker.check.activity;

import java.util.Arrays;

/** A robust summary of past windows: the median and the median absolute deviation, unmoved by a few outliers. */
record Baseline(double median, double mad, int windows) {

    static Baseline of(long[] counts) {
        if (counts.length == 0) {
            return new Baseline(0, 0, 0);
        }
        double median = median(Arrays.stream(counts).asDoubleStream().toArray());
        double mad = median(Arrays.stream(counts).mapToDouble(c -> Math.abs(c - median)).toArray());
        return new Baseline(median, mad, counts.length);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }
}
