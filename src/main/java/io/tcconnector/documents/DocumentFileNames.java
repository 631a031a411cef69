package io.tcconnector.documents;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.tcconnector.codec.Codecs;

/**
 * Turns file names from events and metadata into names that are safe in any shared
 * folder: no path, no control or reserved characters, no device names, not too long;
 * letters of any script are kept.
 */
public final class DocumentFileNames {

	private static final Pattern RESERVED = Pattern.compile("[<>:\"/\\\\|?*]");

	private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4",
			"COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
			"LPT9");

	/** Bytes a name may take, leaving room for a collision suffix and ".json". */
	private static final int MAX_BYTES = 180;

	private DocumentFileNames() {
	}

	/**
	 * A safe file name.
	 * @param wanted the name as given, may be null
	 * @param fallback the name to use when nothing of the wanted one is left
	 * @return a name without path, safe to create in a folder
	 */
	public static String sanitize(String wanted, String fallback) {
		String name = (wanted != null) ? Normalizer.normalize(wanted, Normalizer.Form.NFC) : "";
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		name = name.substring(slash + 1);
		StringBuilder clean = new StringBuilder();
		name.codePoints().forEach((c) -> {
			int type = Character.getType(c);
			boolean invisible = Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
					|| type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
			clean.appendCodePoint(invisible ? '_' : c);
		});
		name = RESERVED.matcher(clean).replaceAll("_").strip();
		name = name.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
		if (name.isEmpty() || name.chars().allMatch((c) -> c == '_')) {
			name = (fallback != null && !fallback.equals(wanted)) ? sanitize(fallback, null) : "document";
		}
		String stem = stem(name);
		if (DEVICES.contains(stem.toUpperCase(Locale.ROOT))) {
			name = "_" + name;
		}
		return shorten(name);
	}

	/**
	 * The name with a suffix that tells documents of the same name apart, the same for
	 * the same document every time.
	 * @param name a sanitised name
	 * @param key the document's key (object id or URL, and revision)
	 * @return {@code stem~hash.ext}
	 */
	public static String distinct(String name, String key) {
		String hash = Codecs.hex(Codecs.sha256(key)).substring(0, 10);
		String extension = extension(name);
		return stem(name) + "~" + hash + extension;
	}

	private static String stem(String name) {
		String extension = extension(name);
		return name.substring(0, name.length() - extension.length());
	}

	private static String extension(String name) {
		int dot = name.lastIndexOf('.');
		return (dot > 0 && name.length() - dot <= 10) ? name.substring(dot) : "";
	}

	private static String shorten(String name) {
		if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
			return name;
		}
		String extension = extension(name);
		String stem = stem(name);
		while ((stem + extension).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
		}
		return stem + extension;
	}

}
