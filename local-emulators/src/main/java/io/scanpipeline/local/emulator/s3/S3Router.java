package io.scanpipeline.local.emulator.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP entry point: maps method, path and query to an S3 operation and turns every failure into an S3 error
 * document. Anything it does not know is answered with 501 NotImplemented, never with a silent success.
 */
final class S3Router implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(S3Router.class.getName());

    /** Query parameters that select an operation (sub-resources). */
    private static final Set<String> SUBRESOURCES =
            Set.of("versioning", "versions", "uploads", "uploadId", "delete", "location", "list-type");

    /** Query parameters that only parameterize an operation. */
    private static final Set<String> PARAMETERS = Set.of(
            "prefix",
            "delimiter",
            "max-keys",
            "continuation-token",
            "start-after",
            "fetch-owner",
            "encoding-type",
            "marker",
            "key-marker",
            "version-id-marker",
            "versionId",
            "partNumber",
            "x-id",
            "max-buckets",
            "bucket-region",
            "response-content-type",
            "response-content-language",
            "response-expires",
            "response-cache-control",
            "response-content-disposition",
            "response-content-encoding");

    private final BucketHandlers buckets;
    private final ListHandlers lists;
    private final ObjectHandlers objects;
    private final MultipartHandlers multipart;

    S3Router(ObjectStore store, MultipartStore uploads) {
        this.buckets = new BucketHandlers(store);
        this.lists = new ListHandlers(store);
        this.objects = new ObjectHandlers(store);
        this.multipart = new MultipartHandlers(store, uploads);
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = Ids.requestId();
        S3Exchange request = null;
        try {
            request = S3Exchange.parse(exchange, requestId);
            route(request);
        } catch (S3Exception e) {
            sendError(exchange, request, e);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "I/O error on request " + requestId + " (client gone?)", e);
        } catch (RuntimeException | Error e) {
            LOG.log(
                    Level.ERROR,
                    "unexpected error handling " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                            + " (request " + requestId + ")",
                    e);
            sendError(
                    exchange,
                    request,
                    new S3Exception(500, "InternalError", "We encountered an internal error. Please try again."));
        } finally {
            exchange.close();
        }
    }

    private void route(S3Exchange r) throws IOException {
        for (String name : r.query().keySet()) {
            if (!SUBRESOURCES.contains(name) && !PARAMETERS.contains(name)) {
                throw S3Exception.notImplemented("?" + name);
            }
        }
        String method = r.method();
        if (r.bucket() == null) {
            require(method.equals("GET"), r, "ListBuckets");
            buckets.listBuckets(r);
        } else if (r.key() == null) {
            routeBucket(r, method);
        } else {
            routeObject(r, method);
        }
    }

    private void routeBucket(S3Exchange r, String method) throws IOException {
        switch (method) {
            case "PUT" -> {
                if (only(r, "versioning")) {
                    buckets.putVersioning(r);
                } else {
                    require(only(r, null), r, "bucket sub-resource");
                    buckets.createBucket(r);
                }
            }
            case "GET" -> {
                if (only(r, "versioning")) {
                    buckets.getVersioning(r);
                } else if (only(r, "location")) {
                    buckets.getLocation(r);
                } else if (only(r, "versions")) {
                    lists.listVersions(r);
                } else if (only(r, "list-type")) {
                    require("2".equals(r.query("list-type")), r, "list-type=" + r.query("list-type"));
                    lists.listV2(r);
                } else {
                    require(only(r, null), r, "bucket sub-resource");
                    lists.listV1(r);
                }
            }
            case "HEAD" -> {
                require(only(r, null), r, "HEAD on bucket sub-resource");
                buckets.headBucket(r);
            }
            case "DELETE" -> {
                require(only(r, null), r, "DELETE on bucket sub-resource");
                buckets.deleteBucket(r);
            }
            case "POST" -> {
                require(only(r, "delete"), r, "POST on bucket");
                objects.deleteObjects(r);
            }
            default -> throw S3Exception.notImplemented(method);
        }
    }

    private void routeObject(S3Exchange r, String method) throws IOException {
        boolean copy = r.header("x-amz-copy-source") != null;
        switch (method) {
            case "PUT" -> {
                if (only(r, "uploadId")) {
                    require(!copy, r, "UploadPartCopy");
                    multipart.uploadPart(r);
                } else {
                    require(only(r, null), r, "object sub-resource");
                    if (copy) {
                        objects.copyObject(r);
                    } else {
                        objects.putObject(r);
                    }
                }
            }
            case "GET", "HEAD" -> {
                require(
                        only(r, null),
                        r,
                        method.equals("GET") && r.hasQuery("uploadId") ? "ListParts" : "object sub-resource");
                require(!r.hasQuery("partNumber"), r, "partNumber on " + method);
                objects.getObject(r);
            }
            case "DELETE" -> {
                if (only(r, "uploadId")) {
                    multipart.abort(r);
                } else {
                    require(only(r, null), r, "DELETE on object sub-resource");
                    objects.deleteObject(r);
                }
            }
            case "POST" -> {
                if (only(r, "uploads")) {
                    multipart.create(r);
                } else {
                    require(only(r, "uploadId"), r, "POST on object");
                    multipart.complete(r);
                }
            }
            default -> throw S3Exception.notImplemented(method);
        }
    }

    /** True when the request's sub-resources are exactly {@code subresource} (or none, when it is null). */
    private static boolean only(S3Exchange r, String subresource) {
        for (String name : r.query().keySet()) {
            if (SUBRESOURCES.contains(name) && !name.equals(subresource)) {
                return false;
            }
        }
        return subresource == null || r.hasQuery(subresource);
    }

    private static void require(boolean condition, S3Exchange r, String what) {
        if (!condition) {
            throw S3Exception.notImplemented(what + " (" + r.method() + " " + r.resource() + ")");
        }
    }

    private static void sendError(HttpExchange exchange, S3Exchange request, S3Exception e) {
        if (exchange.getResponseCode() != -1) {
            LOG.log(Level.DEBUG, "error after the response started: " + e.code() + " " + e.getMessage());
            return;
        }
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        try {
            if (request != null && !head) {
                request.drainRequestBody();
            }
            for (Map.Entry<String, String> h : e.headers().entrySet()) {
                exchange.getResponseHeaders().set(h.getKey(), h.getValue());
            }
            if (head) {
                exchange.sendResponseHeaders(e.status(), -1);
                return;
            }
            XmlWriter xml =
                    XmlWriter.plainDocument("Error").element("Code", e.code()).element("Message", e.getMessage());
            e.details().forEach(xml::element);
            if (request != null) {
                xml.element("Resource", request.resource());
            }
            String requestId = exchange.getResponseHeaders().getFirst("x-amz-request-id");
            byte[] body = xml.element("RequestId", requestId)
                    .element("HostId", exchange.getResponseHeaders().getFirst("x-amz-id-2"))
                    .finish("Error")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/xml");
            exchange.sendResponseHeaders(e.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException io) {
            LOG.log(Level.DEBUG, "could not send error response", io);
        }
    }
}
