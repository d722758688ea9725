package org.apical.lsl;

import org.apical.stream.InfoXmlException;
import org.apical.stream.StreamInfo;
import org.apical.stream.StreamInfoXml;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether a discovery query matches an outlet, as liblsl does: the query is an XPath 1.0 expression
 * converted to boolean with the {@code <info>} element of the outlet's full info (desc included) as context.
 * Empty = match; invalid = no match. Results are cached per query string (up to 100, like liblsl).
 */
final class QueryMatcher {
    static final int MAX_QUERY_CHARS = 4096;
    private static final int CACHE = 100;

    private final Element info;
    private final XPath xpath;
    private final Map<String, Boolean> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Boolean> e) { return size() > CACHE; }
    };

    QueryMatcher(StreamInfo fullInfo) throws LslProtocolException {
        try {
            this.info = StreamInfoXml.parseDocument(StreamInfoXml.full(fullInfo)).getDocumentElement();
        } catch (InfoXmlException e) {
            throw new LslProtocolException(e.getMessage(), e);
        }
        this.xpath = newXPath();
    }

    static XPath newXPath() {
        XPathFactory f = XPathFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException("cannot enable secure XPath processing", e);
        }
        return f.newXPath();
    }

    /** Checks that a predicate compiles (the resolver refuses invalid ones before sending, like liblsl). */
    static void validate(String query) {
        if (query.length() > MAX_QUERY_CHARS) throw new IllegalArgumentException("query longer than " + MAX_QUERY_CHARS + " chars");
        if (query.isBlank()) return;
        try {
            newXPath().compile(query);
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("not a valid XPath 1.0 predicate: " + query, e);
        }
    }

    synchronized boolean matches(String query) {
        String q = query.strip();
        if (q.isEmpty()) return true;
        if (q.length() > MAX_QUERY_CHARS) return false;
        Boolean cached = cache.get(q);
        if (cached != null) return cached;
        boolean result;
        try {
            result = (Boolean) xpath.evaluate(q, info, XPathConstants.BOOLEAN);
        } catch (XPathExpressionException | RuntimeException | StackOverflowError e) {
            result = false;
        }
        cache.put(q, result);
        return result;
    }
}
