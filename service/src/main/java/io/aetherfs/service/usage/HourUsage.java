package io.aetherfs.service.usage;

/**
 * The API traffic of one tenant in one hour ({@code hour}: the hour's start in hours since the epoch):
 * request bytes in, response bytes out, and requests.
 */
public record HourUsage(long hour, long ingressBytes, long egressBytes, long apiRequests) {
    /** Returns an hour without traffic. */
    public static HourUsage zero(long hour) {
        return new HourUsage(hour, 0, 0, 0);
    }

    /** Returns this hour plus the traffic of {@code o}. */
    public HourUsage plus(HourUsage o) {
        return new HourUsage(
                hour, ingressBytes + o.ingressBytes, egressBytes + o.egressBytes, apiRequests + o.apiRequests);
    }

    boolean nothing() {
        return ingressBytes == 0 && egressBytes == 0 && apiRequests == 0;
    }
}
