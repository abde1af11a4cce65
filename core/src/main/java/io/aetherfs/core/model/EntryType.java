package io.aetherfs.core.model;

/** The kind of a file tree entry; the special kinds hold no content. */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    FIFO,
    SOCKET,
    CHAR_DEVICE,
    BLOCK_DEVICE;

    /** Returns whether this is one of the content-less special kinds (FIFO, socket, device). */
    public boolean isSpecial() {
        return this == FIFO || this == SOCKET || this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }

    /** Returns the letter the canonical encoding uses for a special kind ({@code p s c b}). */
    public char specialLetter() {
        return switch (this) {
            case FIFO -> 'p';
            case SOCKET -> 's';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            default -> throw new IllegalStateException(this + " is not a special file kind");
        };
    }
}
