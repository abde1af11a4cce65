package io.aetherfs.service.health;

/** The format of a test-results report (spec §7): only JUnit XML is parsed; the others are kept as given. */
public enum TestResultsFormat {
    JUNIT_XML,
    JSON,
    TEXT
}
