package io.scanpipeline.local.emulator.s3;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** Parses the small XML documents clients send (versioning configuration, multi-delete, multipart completion). */
final class XmlRequests {

    /** One entry of a CompleteMultipartUpload body. */
    record PartRef(int partNumber, String eTag) {}

    /** One entry of a DeleteObjects body. */
    record ObjectRef(String key, String versionId) {}

    /** A parsed DeleteObjects body. */
    record DeleteRequest(boolean quiet, List<ObjectRef> objects) {}

    private XmlRequests() {}

    /** Returns the Status of a VersioningConfiguration ("Enabled" or "Suspended"), or null when absent. */
    static String versioningStatus(byte[] body) {
        Element root = parse(body);
        return childText(root, "Status");
    }

    static List<PartRef> completedParts(byte[] body) {
        Element root = parse(body);
        List<PartRef> parts = new ArrayList<>();
        for (Element part : children(root, "Part")) {
            String number = childText(part, "PartNumber");
            String eTag = childText(part, "ETag");
            if (number == null || eTag == null) {
                throw S3Exception.malformedXml();
            }
            try {
                parts.add(new PartRef(Integer.parseInt(number.trim()), eTag.trim()));
            } catch (NumberFormatException e) {
                throw S3Exception.malformedXml();
            }
        }
        return parts;
    }

    static DeleteRequest deleteRequest(byte[] body) {
        Element root = parse(body);
        List<ObjectRef> objects = new ArrayList<>();
        for (Element object : children(root, "Object")) {
            String key = childText(object, "Key");
            if (key == null) {
                throw S3Exception.malformedXml();
            }
            objects.add(new ObjectRef(key, childText(object, "VersionId")));
        }
        if (objects.isEmpty() || objects.size() > 1000) {
            throw S3Exception.malformedXml();
        }
        return new DeleteRequest("true".equalsIgnoreCase(childText(root, "Quiet")), objects);
    }

    private static Element parse(byte[] body) {
        if (body.length == 0) {
            throw S3Exception.malformedXml();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXParseException {
                    throw e;
                }

                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make a request invalid
                }
            });
            Document doc = builder.parse(new ByteArrayInputStream(body));
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw S3Exception.malformedXml();
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localNameOf(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String childText(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0).getTextContent();
    }

    private static String localNameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
