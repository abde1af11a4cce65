package io.aetherfs.service.health;

import io.aetherfs.core.error.AfsException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML test results (spec §8.14) into counts and the names of failing tests: a
 * {@code <testsuites>} document or a bare {@code <testsuite>}. Every {@code <testcase>} counts once: as an
 * error if it holds {@code <error>}, failed if {@code <failure>}, skipped if {@code <skipped>}, else passed;
 * a document without test cases is counted from its suites' {@code tests}, {@code failures},
 * {@code errors} and {@code skipped} attributes. The streaming parser takes no DTD at all (so no external
 * entities and no entity expansion); a document that is not well-formed JUnit XML is INVALID_ARGUMENT
 * naming the line and column.
 */
final class JunitXml {
    /** The most failing test names kept in a report's details. */
    static final int MAX_NAMES = 1000;

    private static final XMLInputFactory FACTORY = factory();

    /** What a report says. */
    record Result(TestCounts counts, List<String> failing, boolean truncated) {}

    private JunitXml() {}

    static Result parse(byte[] xml) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            return read(r);
        } catch (XMLStreamException e) {
            throw invalid(
                    e.getLocation(),
                    e.getNestedException() != null ? e.getNestedException().getMessage() : e.getMessage());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    private static Result read(XMLStreamReader r) throws XMLStreamException {
        Counter c = new Counter();
        int depth = 0;
        String testCase = null;
        int caseDepth = -1;
        char outcome = 'p';
        boolean rootSeen = false;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw invalid(r.getLocation(), "DOCTYPE declarations and entities are not accepted");
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String name = r.getLocalName();
                if (!rootSeen) {
                    rootSeen = true;
                    if (!name.equals("testsuites") && !name.equals("testsuite")) {
                        throw invalid(
                                r.getLocation(), "the root element is <" + name + ">, not <testsuites> or <testsuite>");
                    }
                }
                if (name.equals("testsuite")) {
                    c.suite(r);
                } else if (name.equals("testcase") && testCase == null) {
                    String cls = r.getAttributeValue(null, "classname");
                    String n = r.getAttributeValue(null, "name");
                    testCase = (cls == null || cls.isEmpty() ? "" : cls + ".") + (n == null ? "(unnamed)" : n);
                    caseDepth = depth;
                    outcome = 'p';
                } else if (testCase != null && depth == caseDepth + 1) {
                    outcome = switch (name) {
                        case "error" -> 'e';
                        case "failure" -> outcome == 'e' ? 'e' : 'f';
                        case "skipped" -> outcome == 'p' ? 's' : outcome;
                        default -> outcome;
                    };
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (testCase != null && depth == caseDepth) {
                    c.testCase(testCase, outcome);
                    testCase = null;
                }
                depth--;
            }
        }
        if (!rootSeen) {
            throw invalid(r.getLocation(), "the document has no root element");
        }
        return c.result();
    }

    private static AfsException invalid(Location at, String why) {
        String where = at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        return AfsException.invalid("test results are not valid JUnit XML" + where + ": " + why);
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** Tallies test cases, and the attributes of suites for documents that have none. */
    private static final class Counter {
        private long passed, failed, skipped, errors;
        private long cases;
        private long attrTests, attrFailures, attrErrors, attrSkipped;
        private final List<String> failing = new ArrayList<>();
        private boolean truncated;

        void suite(XMLStreamReader r) {
            attrTests += number(r, "tests");
            attrFailures += number(r, "failures");
            attrErrors += number(r, "errors");
            attrSkipped += number(r, "skipped") + number(r, "disabled");
        }

        void testCase(String name, char outcome) {
            cases++;
            switch (outcome) {
                case 'e' -> errors++;
                case 'f' -> failed++;
                case 's' -> skipped++;
                default -> passed++;
            }
            if (outcome == 'e' || outcome == 'f') {
                if (failing.size() < MAX_NAMES) {
                    failing.add(name);
                } else {
                    truncated = true;
                }
            }
        }

        Result result() {
            if (cases > 0) {
                return new Result(
                        new TestCounts(cases, passed, failed, skipped, errors), List.copyOf(failing), truncated);
            }
            long pass = Math.max(0, attrTests - attrFailures - attrErrors - attrSkipped);
            return new Result(new TestCounts(attrTests, pass, attrFailures, attrSkipped, attrErrors), List.of(), false);
        }

        private static long number(XMLStreamReader r, String attribute) {
            String v = r.getAttributeValue(null, attribute);
            if (v == null || v.isBlank()) {
                return 0;
            }
            try {
                return Math.max(0, Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                throw invalid(r.getLocation(), "attribute " + attribute + "=\"" + abbreviate(v) + "\" is not a count");
            }
        }

        private static String abbreviate(String v) {
            return v.length() <= 40 ? v : v.substring(0, 40) + "…";
        }
    }
}
