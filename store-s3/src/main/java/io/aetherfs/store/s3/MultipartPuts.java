package io.aetherfs.store.s3;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads one object in parts (create, upload each part, complete), aborting the upload if any step
 * fails; and sweeps uploads that a crashed node left unfinished. An unfinished upload is invisible to
 * readers and listings, like the local store's temp files.
 */
final class MultipartPuts {
    private MultipartPuts() {}

    /**
     * Stores {@code length} bytes of {@code data} from {@code offset} as {@code key} in parts of
     * {@code partSize} bytes (the last one shorter), with the given user metadata. The object appears
     * atomically when the upload completes; on failure the upload is aborted and the exception rethrown.
     */
    static void upload(
            S3Client s3,
            String bucket,
            String key,
            byte[] data,
            int offset,
            int length,
            int partSize,
            Map<String, String> metadata) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket)
                        .key(key)
                        .contentType(S3BlobStore.CONTENT_TYPE)
                        .metadata(metadata))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int partNumber = 1;
            int done = 0;
            do {
                int start = offset + done;
                int size = Math.min(partSize, length - done);
                int number = partNumber;
                UploadPartResponse part = s3.uploadPart(
                        r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), body(data, start, size));
                parts.add(CompletedPart.builder()
                        .partNumber(number)
                        .eTag(part.eTag())
                        .build());
                done += size;
                partNumber++;
            } while (done < length);
            s3.completeMultipartUpload(
                    r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort); // the sweep on the next open aborts it
            }
            throw e;
        }
    }

    /**
     * Aborts the unfinished uploads under {@code prefix} that started before {@code cutoff}, and returns
     * how many. A server that cannot list uploads (HTTP 501) has nothing this store can sweep.
     */
    static int abortStale(S3Client s3, String bucket, String prefix, Instant cutoff) {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            String km = keyMarker;
            String um = uploadIdMarker;
            ListMultipartUploadsResponse page;
            try {
                page = s3.listMultipartUploads(
                        r -> r.bucket(bucket).prefix(prefix).keyMarker(km).uploadIdMarker(um));
            } catch (S3Exception e) {
                if (e.statusCode() == 501) {
                    return aborted;
                }
                throw e;
            }
            for (var upload : page.uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(
                            r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    aborted++;
                }
            }
            if (!Boolean.TRUE.equals(page.isTruncated())) {
                return aborted;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        }
    }

    /** Returns a request body over a slice of {@code data}, without copying it (retries re-read it). */
    static RequestBody body(byte[] data, int offset, int length) {
        ContentStreamProvider provider = () -> new ByteArrayInputStream(data, offset, length);
        return RequestBody.fromContentProvider(provider, length, S3BlobStore.CONTENT_TYPE);
    }
}
