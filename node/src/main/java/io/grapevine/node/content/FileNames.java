package io.grapevine.node.content;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of the relative paths in a manifest. A downloader writes these names to its disk, so anything that could
 * escape the output folder, name a device, or be unrepresentable on Windows, macOS or Linux is refused.
 */
public final class FileNames {
    public static final int MAX_PATH_BYTES = 1024;
    public static final int MAX_COMPONENT_BYTES = 255;
    public static final int MAX_DEPTH = 64;

    private static final Set<String> DEVICE_NAMES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");
    private static final String FORBIDDEN = "\\:*?\"<>|";

    private FileNames() {
    }

    /** Throws {@link InvalidContentException} saying what is wrong with {@code path}; returns it when valid. */
    public static String validate(String path) {
        if (path.isEmpty()) {
            throw refuse(path, "empty path");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw refuse(path, "longer than " + MAX_PATH_BYTES + " bytes");
        }
        if (path.startsWith("/")) {
            throw refuse(path, "absolute path");
        }
        String[] components = path.split("/", -1);
        if (components.length > MAX_DEPTH) {
            throw refuse(path, "deeper than " + MAX_DEPTH + " folders");
        }
        for (String component : components) {
            validateComponent(path, component);
        }
        return path;
    }

    private static void validateComponent(String path, String c) {
        if (c.isEmpty()) {
            throw refuse(path, "empty path component");
        }
        if (c.equals(".") || c.equals("..")) {
            throw refuse(path, "'" + c + "' component");
        }
        if (c.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            throw refuse(path, "a component longer than " + MAX_COMPONENT_BYTES + " bytes");
        }
        for (int i = 0; i < c.length(); ) {
            int cp = c.codePointAt(i);
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                throw refuse(path, String.format("control character U+%04X", cp));
            }
            if (FORBIDDEN.indexOf(cp) >= 0) {
                throw refuse(path, "character '" + Character.toString(cp) + "' (drive, stream or wildcard on Windows)");
            }
            if (Character.getType(cp) == Character.SURROGATE) {
                throw refuse(path, "unpaired surrogate");
            }
            i += Character.charCount(cp);
        }
        if (c.endsWith(".") || c.endsWith(" ")) {
            throw refuse(path, "a component ending in a dot or space (silently altered on Windows)");
        }
        int dot = c.indexOf('.');
        String stem = (dot < 0 ? c : c.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        if (DEVICE_NAMES.contains(stem)) {
            throw refuse(path, "device name " + stem);
        }
    }

    private static InvalidContentException refuse(String path, String reason) {
        String shown = path.length() > 80 ? path.substring(0, 80) + "..." : path;
        return new InvalidContentException("refused file name \"" + escape(shown) + "\": " + reason);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
