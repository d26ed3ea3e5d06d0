package io.grapevine.node.content;

/** One file of a share: its validated relative path, size and media type, and where it starts in the byte stream. */
public record ContentFile(String path, long size, String mediaType, long offset) {
}
