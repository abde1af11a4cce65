package io.aetherfs.service.health;

/** The test counts of a report (spec §6.13): every test case is exactly one of passed, failed, skipped, errors. */
public record TestCounts(long total, long passed, long failed, long skipped, long errors) {
    public static final TestCounts NONE = new TestCounts(0, 0, 0, 0, 0);

    /** Returns whether any test failed or broke. */
    public boolean failing() {
        return failed + errors > 0;
    }
}
