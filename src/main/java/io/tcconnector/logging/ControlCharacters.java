package io.tcconnector.logging;

/**
 * Escapes the control characters of a text for a log line: {@code \n}, {@code \r},
 * {@code \t}, and {@code \}{@code uXXXX} for the others (C0, DEL, C1, and the Unicode
 * line and paragraph separators some viewers break lines at), so that a value from a body
 * can neither start a line of its own nor hide what follows it.
 */
public final class ControlCharacters {

	private ControlCharacters() {
	}

	/**
	 * The text with its control characters escaped.
	 * @param text the text, or null
	 * @return the escaped text; the same instance when there is nothing to escape
	 */
	public static String escape(String text) {
		if (text == null) {
			return null;
		}
		int first = 0;
		while (first < text.length() && !isControl(text.charAt(first))) {
			first++;
		}
		if (first == text.length()) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!isControl(c)) {
				escaped.append(c);
			}
			else if (c == '\n') {
				escaped.append("\\n");
			}
			else if (c == '\r') {
				escaped.append("\\r");
			}
			else if (c == '\t') {
				escaped.append("\\t");
			}
			else {
				escaped.append(String.format("\\u%04x", (int) c));
			}
		}
		return escaped.toString();
	}

	private static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
	}

}
