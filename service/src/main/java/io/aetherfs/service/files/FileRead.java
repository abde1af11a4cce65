package io.aetherfs.service.files;

import io.aetherfs.core.content.ContentStore;
import io.aetherfs.core.tree.Content;

/** An open regular file of a session snapshot: its view and the store to read its content from. */
public record FileRead(EntryView view, Content content, ContentStore store) {}
