package dev.caretaker.check;

import java.util.Arrays;

/** Robust statistics, unmoved by a few outliers: the median and the median absolute deviation (MAD). */
public final class Robust {
    /** The MAD times this estimates the standard deviation of normally distributed values. */
    public static final double MAD_TO_SIGMA = 1.4826;

    private Robust() {
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** The median of the distances from {@code median}. */
    public static double mad(double[] values, double median) {
        return median(Arrays.stream(values).map(v -> Math.abs(v - median)).toArray());
    }
}
