package io.aetherfs.fuse;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The parameters of the kernel connection: what the kernel offers, what the filesystem wants, and the
 * transfer limits. {@link FuseFilesystem#init} receives it open for changes (libfuse's defaults already
 * applied); afterwards {@link FuseSession#connection()} shows the negotiated, frozen result.
 */
public final class Connection {

    private final int protocolMajor;
    private final int protocolMinor;
    private final Set<Capability> capable;
    private final EnumSet<Capability> wanted;
    private final int maxRead;
    private int maxWrite;
    private int maxReadahead;
    private int maxBackground;
    private int congestionThreshold;
    private int timeGranularity;
    private boolean frozen;

    /** Creates the connection the kernel offered; the binding calls this, filesystems only receive it. */
    public Connection(
            int protocolMajor,
            int protocolMinor,
            int capableBits,
            int wantBits,
            int maxRead,
            int maxWrite,
            int maxReadahead,
            int maxBackground,
            int congestionThreshold,
            int timeGranularity) {
        this.protocolMajor = protocolMajor;
        this.protocolMinor = protocolMinor;
        this.capable = Collections.unmodifiableSet(Capability.fromBits(capableBits));
        this.wanted = EnumSet.copyOf(Capability.fromBits(wantBits));
        this.maxRead = maxRead;
        this.maxWrite = maxWrite;
        this.maxReadahead = maxReadahead;
        this.maxBackground = maxBackground;
        this.congestionThreshold = congestionThreshold;
        this.timeGranularity = timeGranularity;
    }

    /** Returns the kernel's FUSE protocol version, major part (7). */
    public int protocolMajor() {
        return protocolMajor;
    }

    /** Returns the kernel's FUSE protocol version, minor part. */
    public int protocolMinor() {
        return protocolMinor;
    }

    /** Returns the capabilities the kernel offers. */
    public Set<Capability> capable() {
        return capable;
    }

    /** Returns the capabilities requested (after init: negotiated). */
    public Set<Capability> wanted() {
        return Collections.unmodifiableSet(wanted);
    }

    /** Returns whether {@code c} is requested (after init: in use). */
    public boolean has(Capability c) {
        return wanted.contains(c);
    }

    /** Requests {@code c} if the kernel offers it; returns whether it is now requested. */
    public boolean want(Capability c) {
        checkOpen();
        if (!capable.contains(c)) {
            return false;
        }
        wanted.add(c);
        return true;
    }

    /** Withdraws the request for {@code c} (one of libfuse's defaults, say). */
    public void unwant(Capability c) {
        checkOpen();
        wanted.remove(c);
    }

    /** Returns the largest read the kernel sends (fixed by the {@code max_read} mount option; 0: no limit). */
    public int maxRead() {
        return maxRead;
    }

    /** Returns the largest write the kernel sends, in bytes. */
    public int maxWrite() {
        return maxWrite;
    }

    /** Sets the largest write the kernel may send (libfuse caps it at its buffer size). */
    public void maxWrite(int bytes) {
        checkOpen();
        this.maxWrite = bytes;
    }

    /** Returns the largest read-ahead, in bytes. */
    public int maxReadahead() {
        return maxReadahead;
    }

    /** Sets the largest read-ahead (at most what the kernel offered). */
    public void maxReadahead(int bytes) {
        checkOpen();
        this.maxReadahead = Math.min(bytes, maxReadahead);
    }

    /** Returns how many background requests (read-ahead, writeback) the kernel keeps in flight. */
    public int maxBackground() {
        return maxBackground;
    }

    /** Sets how many background requests the kernel keeps in flight. */
    public void maxBackground(int requests) {
        checkOpen();
        this.maxBackground = requests;
    }

    /** Returns the background request count at which the kernel reports congestion. */
    public int congestionThreshold() {
        return congestionThreshold;
    }

    /** Sets the background request count at which the kernel reports congestion (0: three quarters). */
    public void congestionThreshold(int requests) {
        checkOpen();
        this.congestionThreshold = requests;
    }

    /** Returns the granularity of timestamps the filesystem stores, in nanoseconds. */
    public int timeGranularity() {
        return timeGranularity;
    }

    /** Sets the granularity of the timestamps the filesystem stores, in nanoseconds (a power of 10). */
    public void timeGranularity(int nanos) {
        checkOpen();
        this.timeGranularity = nanos;
    }

    /** Ends negotiation: later changes throw {@link IllegalStateException}. Called by the binding after init. */
    public void freeze() {
        frozen = true;
    }

    private void checkOpen() {
        if (frozen) {
            throw new IllegalStateException("the connection was negotiated in init() and can no longer change");
        }
    }

    @Override
    public String toString() {
        return "Connection[protocol=" + protocolMajor + "." + protocolMinor + ", wanted=" + wanted + ", maxWrite="
                + maxWrite + ", maxRead=" + maxRead + ", maxReadahead=" + maxReadahead + ", maxBackground="
                + maxBackground + "]";
    }
}
